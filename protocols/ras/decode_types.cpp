// Decoding of the H.225.0 common types (H.225.0 12/2009 §7; X.691 aligned variant).
#include "protocols/ras/codec_detail.hpp"

namespace ngn::ras::detail {

result<void> read(bit_reader& r, object_identifier& v) {
  NGN_RAS_GET(v, r.object_id());
  return {};
}

// TransportAddress ::= CHOICE {ipAddress, ipSourceRoute, ipxAddress, ip6Address, netBios, nsap,
// nonStandardAddress, ...}
result<void> read(bit_reader& r, transport_address& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(7, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  if (c.index == 0) {  // ipAddress: not extensible, no optionals
    ip_address a;
    NGN_RAS_TRY(r.fixed_octet_string(a.ip.data(), a.ip.size()));
    NGN_RAS_GET(a.port, r.constrained_whole_number(0, 65535));
    v = a;
    return {};
  }
  if (c.index == 3) {  // ip6Address: extensible, no optionals
    ip6_address a;
    bool ext = false;
    NGN_RAS_GET(ext, r.bit());
    NGN_RAS_TRY(r.fixed_octet_string(a.ip.data(), a.ip.size()));
    NGN_RAS_GET(a.port, r.constrained_whole_number(0, 65535));
    if (ext) NGN_RAS_TRY(read_extensions(r, a.extensions));
    v = std::move(a);
    return {};
  }
  return r.error(errc::unsupported, "TransportAddress alternative not supported");
}

// AliasAddress ::= CHOICE {dialledDigits, h323-ID, ..., url-ID, transportID, email-ID, partyNumber,
// mobileUIM, isupNumber}
result<void> read(bit_reader& r, alias_address& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(2, true));
  if (!c.extension) {
    if (c.index == 0) {
      dialled_digits d;
      NGN_RAS_GET(d.value, r.restricted_string(1, 128, dialled_digits_alphabet));
      v = std::move(d);
    } else {
      h323_id h;
      NGN_RAS_GET(h.value, r.bmp_string(1, 256));
      v = std::move(h);
    }
    return {};
  }
  if (c.index > 2) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  if (c.index == 0) {
    url_id u;
    NGN_RAS_GET(u.value, sub->ia5_string(1, 512));
    v = std::move(u);
  } else if (c.index == 1) {
    transport_id t;
    NGN_RAS_TRY(read(*sub, t.address));
    v = std::move(t);
  } else {
    email_id e;
    NGN_RAS_GET(e.value, sub->ia5_string(1, 512));
    v = std::move(e);
  }
  return {};
}

result<void> read(bit_reader& r, h221_non_standard& v) {
  bool ext = false;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(v.t35_country_code, r.constrained_whole_number(0, 255));
  NGN_RAS_GET(v.t35_extension, r.constrained_whole_number(0, 255));
  NGN_RAS_GET(v.manufacturer_code, r.constrained_whole_number(0, 65535));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

// NonStandardParameter ::= SEQUENCE {nonStandardIdentifier CHOICE {object, h221NonStandard, ...},
// data OCTET STRING}
result<void> read(bit_reader& r, non_standard_parameter& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(2, true));
  if (c.extension) {
    NGN_RAS_GET(v.non_standard_identifier, read_unknown_alternative(r, c.index));
  } else if (c.index == 0) {
    object_identifier oid;
    NGN_RAS_TRY(read(r, oid));
    v.non_standard_identifier = std::move(oid);
  } else {
    h221_non_standard h;
    NGN_RAS_TRY(read(r, h));
    v.non_standard_identifier = std::move(h);
  }
  NGN_RAS_GET(v.data, r.octet_string(0, no_ub));
  return {};
}

result<void> read(bit_reader& r, vendor_identifier& v) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(2));
  NGN_RAS_TRY(read(r, v.vendor));
  if (opt & 2) NGN_RAS_GET(v.product_id, r.octet_string(1, 256));
  if (opt & 1) NGN_RAS_GET(v.version_id, r.octet_string(1, 256));
  if (!ext) return {};
  return read_extensions(r, v.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    if (i != 0) return false;
    NGN_RAS_TRY(read_optional(s, v.enterprise_number));
    return true;
  });
}

namespace {

// GatekeeperInfo / McuInfo / TerminalInfo ::= SEQUENCE {nonStandardData OPTIONAL, ...}
result<void> read_info(bit_reader& r, endpoint_info& v) {
  bool ext = false;
  bool nsd = false;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(nsd, r.bit());
  if (nsd) NGN_RAS_TRY(read_optional(r, v.non_standard_data));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

// GatewayInfo ::= SEQUENCE {protocol SEQUENCE OF SupportedProtocols OPTIONAL,
// nonStandardData OPTIONAL, ...}
result<void> read_gateway_info(bit_reader& r, endpoint_info& v) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(2));
  if (opt & 2) return r.error(errc::unsupported, "GatewayInfo.protocol not supported");
  if (opt & 1) NGN_RAS_TRY(read_optional(r, v.non_standard_data));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

} // namespace

result<void> read(bit_reader& r, endpoint_type& v) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(6));
  if (opt & 32) NGN_RAS_TRY(read_optional(r, v.non_standard_data));
  if (opt & 16) NGN_RAS_TRY(read_optional(r, v.vendor));
  if (opt & 8) NGN_RAS_TRY(read_info(r, v.gatekeeper.emplace()));
  if (opt & 4) NGN_RAS_TRY(read_gateway_info(r, v.gateway.emplace()));
  if (opt & 2) NGN_RAS_TRY(read_info(r, v.mcu.emplace()));
  if (opt & 1) NGN_RAS_TRY(read_info(r, v.terminal.emplace()));
  NGN_RAS_GET(v.mc, r.boolean());
  NGN_RAS_GET(v.undefined_node, r.boolean());
  if (!ext) return {};
  return read_extensions(r, v.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    if (i != 0) return false;
    ras::bit_string b;
    NGN_RAS_GET(b, s.bit_string(32, 32));
    v.set = (std::uint32_t{b.data[0]} << 24) | (std::uint32_t{b.data[1]} << 16) |
            (std::uint32_t{b.data[2]} << 8) | std::uint32_t{b.data[3]};
    return true;
  });
}

result<void> read(bit_reader& r, qseries_options& v) {
  bool ext = false;
  NGN_RAS_GET(ext, r.bit());
  for (bool* b : {&v.q932_full, &v.q951_full, &v.q952_full, &v.q953_full, &v.q955_full,
                  &v.q956_full, &v.q957_full})
    NGN_RAS_GET(*b, r.boolean());
  bool q954_ext = false;
  NGN_RAS_GET(q954_ext, r.bit());
  NGN_RAS_GET(v.q954_info.conference_calling, r.boolean());
  NGN_RAS_GET(v.q954_info.three_party_service, r.boolean());
  if (q954_ext) NGN_RAS_TRY(read_extensions(r, v.q954_info.extensions));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

result<void> read(bit_reader& r, icv& v) {
  NGN_RAS_TRY(read(r, v.algorithm_oid));
  NGN_RAS_GET(v.value, r.bit_string(0, no_ub));
  return {};
}

// GenericIdentifier ::= CHOICE {standard INTEGER (0..16383, ...), oid, nonStandard, ...}
result<void> read(bit_reader& r, generic_identifier& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(3, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
  } else if (c.index == 0) {
    generic_standard s;
    bool ext = false;
    NGN_RAS_GET(ext, r.bit());
    if (ext) {
      NGN_RAS_GET(s.value, r.unconstrained_integer());  // X.691 §12.1
    } else {
      NGN_RAS_GET(s.value, r.constrained_whole_number(0, 16383));
    }
    v = s;
  } else if (c.index == 1) {
    object_identifier oid;
    NGN_RAS_TRY(read(r, oid));
    v = std::move(oid);
  } else {
    generic_non_standard g;
    NGN_RAS_TRY(r.fixed_octet_string(g.guid.data(), g.guid.size()));
    v = g;
  }
  return {};
}

// Content ::= CHOICE {raw, text, unicode, bool, number8, number16, number32, id, alias, transport,
// compound, nested, ...}
result<void> read(bit_reader& r, content& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(12, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  switch (c.index) {
    case 0: {
      content_raw x;
      NGN_RAS_GET(x.value, r.octet_string(0, no_ub));
      v = std::move(x);
      return {};
    }
    case 1: {
      content_text x;
      NGN_RAS_GET(x.value, r.ia5_string(0, no_ub));
      v = std::move(x);
      return {};
    }
    case 2: {
      content_unicode x;
      NGN_RAS_GET(x.value, r.bmp_string(0, no_ub));
      v = std::move(x);
      return {};
    }
    case 3: {
      content_bool x;
      NGN_RAS_GET(x.value, r.boolean());
      v = x;
      return {};
    }
    case 4: {
      content_number8 x;
      NGN_RAS_GET(x.value, r.constrained_whole_number(0, 255));
      v = x;
      return {};
    }
    case 5: {
      content_number16 x;
      NGN_RAS_GET(x.value, r.constrained_whole_number(0, 65535));
      v = x;
      return {};
    }
    case 6: {
      content_number32 x;
      NGN_RAS_GET(x.value, r.constrained_whole_number(0, 0xFFFFFFFFu));
      v = x;
      return {};
    }
    case 7: {
      content_id x;
      NGN_RAS_TRY(read(r, x.value));
      v = std::move(x);
      return {};
    }
    case 8: {
      content_alias x;
      NGN_RAS_TRY(read(r, x.value));
      v = std::move(x);
      return {};
    }
    case 9: {
      content_transport x;
      NGN_RAS_TRY(read(r, x.value));
      v = std::move(x);
      return {};
    }
    default:
      return r.error(errc::unsupported, "Content compound/nested not supported");
  }
}

result<void> read(bit_reader& r, enumerated_parameter& v) {
  bool ext = false;
  bool has_content = false;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(has_content, r.bit());
  NGN_RAS_TRY(read(r, v.id));
  if (has_content) NGN_RAS_TRY(read_optional(r, v.content));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

result<void> read(bit_reader& r, generic_data& v) {
  bool ext = false;
  bool has_parameters = false;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(has_parameters, r.bit());
  NGN_RAS_TRY(read(r, v.id));
  if (has_parameters) {  // SEQUENCE (SIZE (1..512)) OF EnumeratedParameter
    std::size_t n = 0;
    NGN_RAS_GET(n, r.constrained_length(1, 512));
    if (n > limits::max_list_items) return r.error(errc::limit_exceeded, "too many parameters");
    auto& list = v.parameters.emplace();
    list.reserve(n);
    for (std::size_t i = 0; i < n; ++i) NGN_RAS_TRY(read(r, list.emplace_back()));
  }
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

} // namespace ngn::ras::detail
