// Encoding of the H.225.0 common types (H.225.0 12/2009 §7; X.691 aligned variant).
#include "protocols/ras/codec_detail.hpp"

namespace ngn::ras::detail {

result<void> write_unknown_alternative(bit_writer& w, const unknown_alternative& v, bool modelled) {
  if (modelled) return w.error(errc::invalid_model, "unknown alternative at a modelled index");
  if (v.index > limits::max_extension_index)
    return w.error(errc::invalid_model, "extension alternative index too large");
  w.bit(true);
  w.normally_small_number(v.index);
  return w.open_type(v.encoding);
}

result<void> write(bit_writer& w, const object_identifier& v) {
  return w.object_id(v);
}

result<void> write(bit_writer& w, const transport_address& v) {
  return std::visit(
    overloaded{
      [&](const ip_address& a) -> result<void> {
        NGN_RAS_TRY(w.choice(0, 7, true));
        w.fixed_octet_string(a.ip.data(), a.ip.size());
        return w.constrained_whole_number(a.port, 0, 65535);
      },
      [&](const ip6_address& a) -> result<void> {
        NGN_RAS_TRY(w.choice(3, 7, true));
        write_extension_bit(w, a.extensions);
        w.fixed_octet_string(a.ip.data(), a.ip.size());
        NGN_RAS_TRY(w.constrained_whole_number(a.port, 0, 65535));
        return write_extensions(w, a.extensions);
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, false); },
    },
    v);
}

result<void> write(bit_writer& w, const alias_address& v) {
  return std::visit(
    overloaded{
      [&](const dialled_digits& d) -> result<void> {
        NGN_RAS_TRY(w.choice(0, 2, true));
        return w.restricted_string(d.value, 1, 128, dialled_digits_alphabet);
      },
      [&](const h323_id& h) -> result<void> {
        NGN_RAS_TRY(w.choice(1, 2, true));
        return w.bmp_string(h.value, 1, 256);
      },
      [&](const url_id& u) {
        return write_extension_alternative(w, 0, [&](bit_writer& o) {
          return o.ia5_string(u.value, 1, 512);
        });
      },
      [&](const transport_id& t) {
        return write_extension_alternative(w, 1, [&](bit_writer& o) { return write(o, t.address); });
      },
      [&](const email_id& e) {
        return write_extension_alternative(w, 2, [&](bit_writer& o) {
          return o.ia5_string(e.value, 1, 512);
        });
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, u.index <= 2); },
    },
    v);
}

result<void> write(bit_writer& w, const h221_non_standard& v) {
  write_extension_bit(w, v.extensions);
  NGN_RAS_TRY(w.constrained_whole_number(v.t35_country_code, 0, 255));
  NGN_RAS_TRY(w.constrained_whole_number(v.t35_extension, 0, 255));
  NGN_RAS_TRY(w.constrained_whole_number(v.manufacturer_code, 0, 65535));
  return write_extensions(w, v.extensions);
}

result<void> write(bit_writer& w, const non_standard_parameter& v) {
  NGN_RAS_TRY(std::visit(
    overloaded{
      [&](const object_identifier& o) -> result<void> {
        NGN_RAS_TRY(w.choice(0, 2, true));
        return write(w, o);
      },
      [&](const h221_non_standard& h) -> result<void> {
        NGN_RAS_TRY(w.choice(1, 2, true));
        return write(w, h);
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, false); },
    },
    v.non_standard_identifier));
  return w.octet_string(v.data, 0, no_ub);
}

result<void> write(bit_writer& w, const vendor_identifier& v) {
  const std::uint64_t present = bit_if(v.enterprise_number.has_value(), 0);
  const bool ext = has_extensions(present, v.extensions);
  w.bit(ext);
  w.bit(v.product_id.has_value());
  w.bit(v.version_id.has_value());
  NGN_RAS_TRY(write(w, v.vendor));
  if (v.product_id) NGN_RAS_TRY(w.octet_string(*v.product_id, 1, 256));
  if (v.version_id) NGN_RAS_TRY(w.octet_string(*v.version_id, 1, 256));
  if (!ext) return {};
  return write_extensions(w, 1, 1, present, v.extensions, [&](std::uint32_t, bit_writer& o) {
    return write(o, *v.enterprise_number);
  });
}

namespace {

result<void> write_info(bit_writer& w, const endpoint_info& v) {
  write_extension_bit(w, v.extensions);
  w.bit(v.non_standard_data.has_value());
  if (v.non_standard_data) NGN_RAS_TRY(write(w, *v.non_standard_data));
  return write_extensions(w, v.extensions);
}

result<void> write_gateway_info(bit_writer& w, const endpoint_info& v) {
  write_extension_bit(w, v.extensions);
  w.bit(false);  // protocol: not modelled
  w.bit(v.non_standard_data.has_value());
  if (v.non_standard_data) NGN_RAS_TRY(write(w, *v.non_standard_data));
  return write_extensions(w, v.extensions);
}

} // namespace

result<void> write(bit_writer& w, const endpoint_type& v) {
  const std::uint64_t present = bit_if(v.set.has_value(), 0);
  const bool ext = has_extensions(present, v.extensions);
  w.bit(ext);
  w.bit(v.non_standard_data.has_value());
  w.bit(v.vendor.has_value());
  w.bit(v.gatekeeper.has_value());
  w.bit(v.gateway.has_value());
  w.bit(v.mcu.has_value());
  w.bit(v.terminal.has_value());
  if (v.non_standard_data) NGN_RAS_TRY(write(w, *v.non_standard_data));
  if (v.vendor) NGN_RAS_TRY(write(w, *v.vendor));
  if (v.gatekeeper) NGN_RAS_TRY(write_info(w, *v.gatekeeper));
  if (v.gateway) NGN_RAS_TRY(write_gateway_info(w, *v.gateway));
  if (v.mcu) NGN_RAS_TRY(write_info(w, *v.mcu));
  if (v.terminal) NGN_RAS_TRY(write_info(w, *v.terminal));
  w.boolean(v.mc);
  w.boolean(v.undefined_node);
  if (!ext) return {};
  return write_extensions(w, 2, 1, present, v.extensions, [&](std::uint32_t, bit_writer& o) {
    const std::uint32_t s = *v.set;
    return o.bit_string(make_bit_string({static_cast<std::uint8_t>(s >> 24),
                                         static_cast<std::uint8_t>(s >> 16),
                                         static_cast<std::uint8_t>(s >> 8),
                                         static_cast<std::uint8_t>(s)}),
                        32, 32);
  });
}

result<void> write(bit_writer& w, const qseries_options& v) {
  write_extension_bit(w, v.extensions);
  for (bool b : {v.q932_full, v.q951_full, v.q952_full, v.q953_full, v.q955_full, v.q956_full,
                 v.q957_full})
    w.boolean(b);
  write_extension_bit(w, v.q954_info.extensions);
  w.boolean(v.q954_info.conference_calling);
  w.boolean(v.q954_info.three_party_service);
  NGN_RAS_TRY(write_extensions(w, v.q954_info.extensions));
  return write_extensions(w, v.extensions);
}

result<void> write(bit_writer& w, const icv& v) {
  NGN_RAS_TRY(write(w, v.algorithm_oid));
  return w.bit_string(v.value, 0, no_ub);
}

result<void> write(bit_writer& w, const generic_identifier& v) {
  return std::visit(
    overloaded{
      [&](const generic_standard& s) -> result<void> {
        NGN_RAS_TRY(w.choice(0, 3, true));
        const bool in_root = s.value >= 0 && s.value <= 16383;
        w.bit(!in_root);  // X.691 §12.1: extensible INTEGER
        if (in_root) return w.constrained_whole_number(static_cast<std::uint64_t>(s.value), 0, 16383);
        w.unconstrained_integer(s.value);
        return {};
      },
      [&](const object_identifier& o) -> result<void> {
        NGN_RAS_TRY(w.choice(1, 3, true));
        return write(w, o);
      },
      [&](const generic_non_standard& g) -> result<void> {
        NGN_RAS_TRY(w.choice(2, 3, true));
        w.fixed_octet_string(g.guid.data(), g.guid.size());
        return {};
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, false); },
    },
    v);
}

result<void> write(bit_writer& w, const content& v) {
  if (auto* u = std::get_if<unknown_alternative>(&v)) return write_unknown_alternative(w, *u, false);
  NGN_RAS_TRY(w.choice(v.index(), 12, true));
  return std::visit(
    overloaded{
      [&](const content_raw& x) { return w.octet_string(x.value, 0, no_ub); },
      [&](const content_text& x) { return w.ia5_string(x.value, 0, no_ub); },
      [&](const content_unicode& x) { return w.bmp_string(x.value, 0, no_ub); },
      [&](const content_bool& x) -> result<void> {
        w.boolean(x.value);
        return {};
      },
      [&](const content_number8& x) { return w.constrained_whole_number(x.value, 0, 255); },
      [&](const content_number16& x) { return w.constrained_whole_number(x.value, 0, 65535); },
      [&](const content_number32& x) {
        return w.constrained_whole_number(x.value, 0, 0xFFFFFFFFu);
      },
      [&](const content_id& x) { return write(w, x.value); },
      [&](const content_alias& x) { return write(w, x.value); },
      [&](const content_transport& x) { return write(w, x.value); },
      [&](const unknown_alternative&) -> result<void> { return {}; },
    },
    v);
}

result<void> write(bit_writer& w, const enumerated_parameter& v) {
  write_extension_bit(w, v.extensions);
  w.bit(v.content.has_value());
  NGN_RAS_TRY(write(w, v.id));
  if (v.content) NGN_RAS_TRY(write(w, *v.content));
  return write_extensions(w, v.extensions);
}

result<void> write(bit_writer& w, const generic_data& v) {
  write_extension_bit(w, v.extensions);
  w.bit(v.parameters.has_value());
  NGN_RAS_TRY(write(w, v.id));
  if (v.parameters) {
    if (v.parameters->size() > limits::max_list_items)
      return w.error(errc::limit_exceeded, "too many parameters");
    NGN_RAS_TRY(w.constrained_length(v.parameters->size(), 1, 512));
    for (const auto& p : *v.parameters) NGN_RAS_TRY(write(w, p));
  }
  return write_extensions(w, v.extensions);
}

} // namespace ngn::ras::detail
