#include "protocols/h248/xsec.hpp"

#include "protocols/h248/builders.hpp"
#include "protocols/h248/syntax.hpp"

namespace ngn::h248::xsec {

namespace {

// RFC 3261 §25.1 token characters (all of them are Annex B SafeChars).
bool is_token_char(char c) noexcept {
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '-': case '.': case '!': case '%': case '*': case '_': case '+': case '`': case '\'':
    case '~':
      return true;
    default:
      return false;
  }
}

bool is_rfc3261_token(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!is_token_char(c)) return false;
  return true;
}

// qvalue = ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")]) (RFC 3261 §20.10), in thousandths.
std::optional<std::uint16_t> parse_qvalue(std::string_view s) noexcept {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  unsigned v = unsigned(s[0] - '0') * 1000;
  if (s.size() == 1) return static_cast<std::uint16_t>(v);
  if (s[1] != '.' || s.size() > 5) return std::nullopt;
  unsigned scale = 100;
  for (char c : s.substr(2)) {
    if (!is_digit(c)) return std::nullopt;
    v += unsigned(c - '0') * scale;
    scale /= 10;
  }
  if (v > 1000) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

void append_qvalue(std::string& out, std::uint16_t q) {
  if (q >= 1000) {
    out += '1';
    return;
  }
  out += '0';
  if (q == 0) return;
  out += '.';
  char digits[3] = {char('0' + q / 100), char('0' + q / 10 % 10), char('0' + q % 10)};
  std::size_t n = 3;
  while (digits[n - 1] == '0') --n;
  out.append(digits, n);
}

// The parameters of an xsec item by name, found in one pass over them (the first of each name
// counts, as with find_parameter) instead of one pass per name read.
enum name_index : std::size_t {
  i_result, i_uid, i_sid, i_rand, i_autn, i_secs, i_spis, i_mech, i_vw, i_auts, i_secm, i_secv,
  i_ekey, i_pkey, i_mac, i_lt, i_spic, i_secagree, name_count,
};
constexpr std::string_view names[name_count] = {
  param::result, param::uid,  param::sid,  param::rand, param::autn, param::secs,
  param::spis,   param::mech, param::vw,   param::auts, param::secm, param::secv,
  param::ekey,   param::pkey, param::mac,  param::lt,   param::spic, param::secagree,
};

class item_params {
public:
  explicit item_params(const std::vector<parameter>& ps) noexcept {
    for (const parameter& p : ps) {
      const std::size_t i = index_of(p.name);
      if (i != name_count && found_[i] == nullptr) found_[i] = &p;
    }
  }
  const parameter* operator[](name_index i) const noexcept { return found_[i]; }

private:
  static std::size_t index_of(std::string_view name) noexcept {
    for (std::size_t i = 0; i < name_count; ++i)
      if (iequals(name, names[i])) return i;
    return name_count;
  }
  const parameter* found_[name_count] = {};
};

std::optional<std::uint16_t> read_result(const item_params& ps, bool& ok) {
  if (!ps[i_result]) return std::nullopt;
  auto v = parse_uint(ps[i_result]->value, 3, 999);
  if (!v) ok = false;
  return v ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(*v)) : std::nullopt;
}

// Hex parameter into `out`; absent leaves it empty, malformed clears `ok`.
void read_hex(const item_params& ps, name_index name, bytes& out, bool& ok) {
  const parameter* p = ps[name];
  if (!p) return;
  auto b = from_hex(p->value);
  if (!b) ok = false;
  else out = std::move(*b);
}

void add_hex(std::vector<parameter>& ps, std::string_view name, const bytes& b) {
  if (!b.empty()) ps.push_back(make_hex_parameter(std::string(name), b));
}

// Mechanism list parameter into `out`; absent leaves it empty, malformed clears `ok`.
void read_list(const item_params& ps, name_index name, std::vector<mechanism>& out, bool& ok) {
  const parameter* p = ps[name];
  if (!p) return;
  auto list = parse_mechanisms(p->value);
  if (!list) ok = false;
  else out = std::move(*list);
}

void add_list(std::vector<parameter>& ps, std::string_view name,
              const std::vector<mechanism>& list) {
  if (!list.empty()) ps.push_back(make_parameter(std::string(name), format_mechanisms(list)));
}

void add_text(std::vector<parameter>& ps, std::string_view name, const std::string& v) {
  if (!v.empty()) ps.push_back(make_parameter(std::string(name), v));
}

// Decimal UINT32 parameter into `out`; absent leaves it 0, malformed clears `ok`.
void read_uint(const item_params& ps, name_index name, std::uint32_t& out, bool& ok) {
  const parameter* p = ps[name];
  if (!p) return;
  auto v = parse_uint(p->value, 10, 0xFFFFFFFFu);
  if (!v) ok = false;
  else out = *v;
}

void add_uint(std::vector<parameter>& ps, std::string_view name, std::uint32_t v) {
  if (v != 0) ps.push_back(make_uint_parameter(std::string(name), v));
}

void read_text(const item_params& ps, name_index name, std::string& out) {
  if (const parameter* p = ps[name]) out = p->value;
}

// The signals (chal, key) carry result, uid, their own parameters, then mech.
template <class Signal, class F>
signal_request make_signal(std::string_view name, const Signal& v, F add_own) {
  signal_request s;
  s.signal_name = std::string(name);
  s.params.reserve(9); // at most: result, uid, 6 of the key's own, mech
  if (v.result) s.params.push_back(make_uint_parameter(std::string(param::result), *v.result));
  add_text(s.params, param::uid, v.uid);
  add_own(s.params);
  add_text(s.params, param::mech, v.mech);
  return s;
}

// The parameters of `s` if it is signal `name`; nullopt if one is malformed.
template <class Signal, class F>
std::optional<Signal> read_signal(const signal_request& s, std::string_view name, F read_own) {
  if (!iequals(s.signal_name, name)) return std::nullopt;
  Signal v;
  bool ok = true;
  const item_params ps(s.params);
  v.result = read_result(ps, ok);
  read_text(ps, i_uid, v.uid);
  read_own(ps, v, ok);
  read_text(ps, i_mech, v.mech);
  if (!ok) return std::nullopt;
  return v;
}

template <class Event>
std::optional<response> read_resp_params(const Event& e) {
  if (!iequals(e.pkgd_name, resp)) return std::nullopt;
  response r;
  bool ok = true;
  const item_params ps(e.params);
  read_text(ps, i_uid, r.uid);
  read_hex(ps, i_vw, r.vw, ok);
  read_hex(ps, i_auts, r.auts, ok);
  read_list(ps, i_secm, r.secm, ok);
  read_list(ps, i_secv, r.secv, ok);
  read_hex(ps, i_rand, r.rand, ok);
  read_hex(ps, i_sid, r.sid, ok);
  read_text(ps, i_mech, r.mech);
  read_uint(ps, i_lt, r.lt, ok);
  read_uint(ps, i_spic, r.spic, ok);
  if (const parameter* p = ps[i_secagree])
    r.sec_agree_failed = iequals(p->value, secagree_failed);
  if (!ok) return std::nullopt;
  return r;
}

} // namespace

bool operator==(const mechanism& a, const mechanism& b) noexcept {
  return a.name == b.name && a.q == b.q;
}
bool operator==(const challenge& a, const challenge& b) noexcept {
  return a.result == b.result && a.rand == b.rand && a.autn == b.autn && a.mech == b.mech
         && a.uid == b.uid && a.secs == b.secs && a.spis == b.spis && a.sid == b.sid;
}
bool operator==(const response& a, const response& b) noexcept {
  return a.vw == b.vw && a.auts == b.auts && a.secm == b.secm && a.uid == b.uid
         && a.secv == b.secv && a.sec_agree_failed == b.sec_agree_failed && a.rand == b.rand
         && a.mech == b.mech && a.lt == b.lt && a.spic == b.spic && a.sid == b.sid;
}
bool operator==(const key_delivery& a, const key_delivery& b) noexcept {
  return a.result == b.result && a.ekey == b.ekey && a.mac == b.mac && a.mech == b.mech
         && a.uid == b.uid && a.pkey == b.pkey && a.lt == b.lt && a.spis == b.spis
         && a.sid == b.sid;
}

std::string format_mechanisms(const std::vector<mechanism>& list) {
  std::string out;
  for (const mechanism& m : list) {
    if (!is_rfc3261_token(m.name) || (m.q && *m.q > 1000)) return {};
    if (!out.empty()) out += ' ';
    out += m.name;
    if (m.q) {
      out += ";q=";
      append_qvalue(out, *m.q);
    }
  }
  return out;
}

std::optional<std::vector<mechanism>> parse_mechanisms(std::string_view text) {
  std::vector<mechanism> list;
  std::size_t i = 0;
  auto is_sep = [](char c) { return c == ' ' || c == '\t' || c == ','; };
  while (true) {
    while (i < text.size() && is_sep(text[i])) ++i;
    if (i == text.size()) break;
    if (list.size() == max_params) return std::nullopt;
    std::size_t end = i;
    while (end < text.size() && !is_sep(text[end])) ++end;
    std::string_view entry = text.substr(i, end - i);
    i = end;
    mechanism m;
    std::size_t semi = entry.find(';');
    m.name.assign(entry.substr(0, semi));
    if (!is_rfc3261_token(m.name)) return std::nullopt;
    if (semi != std::string_view::npos) {
      std::string_view p = entry.substr(semi + 1);
      if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') return std::nullopt;
      m.q = parse_qvalue(p.substr(2));
      if (!m.q) return std::nullopt;
    }
    list.push_back(std::move(m));
  }
  if (list.empty()) return std::nullopt;
  return list;
}

signal_request make_chal(const challenge& c) {
  return make_signal(chal, c, [&](std::vector<parameter>& ps) {
    add_hex(ps, param::sid, c.sid);
    add_hex(ps, param::rand, c.rand);
    add_hex(ps, param::autn, c.autn);
    add_list(ps, param::secs, c.secs);
    add_uint(ps, param::spis, c.spis);
  });
}

signal_request make_key(const key_delivery& k) {
  return make_signal(key, k, [&](std::vector<parameter>& ps) {
    add_hex(ps, param::sid, k.sid);
    add_hex(ps, param::ekey, k.ekey);
    add_hex(ps, param::pkey, k.pkey);
    add_hex(ps, param::mac, k.mac);
    add_uint(ps, param::lt, k.lt);
    add_uint(ps, param::spis, k.spis);
  });
}

observed_event make_resp(const response& r, std::optional<time_notation> timestamp) {
  observed_event e;
  e.pkgd_name = std::string(resp);
  e.timestamp = std::move(timestamp);
  e.params.reserve(11); // at most: uid, sid, vw, auts, rand, secm, secv, lt, spic, secagree, mech
  add_text(e.params, param::uid, r.uid);
  add_hex(e.params, param::sid, r.sid);
  add_hex(e.params, param::vw, r.vw);
  add_hex(e.params, param::auts, r.auts);
  add_hex(e.params, param::rand, r.rand);
  add_list(e.params, param::secm, r.secm);
  add_list(e.params, param::secv, r.secv);
  add_uint(e.params, param::lt, r.lt);
  add_uint(e.params, param::spic, r.spic);
  if (r.sec_agree_failed)
    e.params.push_back(make_parameter(std::string(param::secagree), std::string(secagree_failed)));
  add_text(e.params, param::mech, r.mech);
  return e;
}

requested_event make_resp_request(const std::vector<mechanism>& offered) {
  requested_event e;
  e.pkgd_name = std::string(resp);
  if (!offered.empty())
    e.params.push_back(make_parameter(std::string(param::secm), format_mechanisms(offered)));
  return e;
}

std::optional<challenge> read_chal(const signal_request& s) {
  return read_signal<challenge>(s, chal, [](const item_params& ps, challenge& c, bool& ok) {
    read_hex(ps, i_sid, c.sid, ok);
    read_hex(ps, i_rand, c.rand, ok);
    read_hex(ps, i_autn, c.autn, ok);
    read_list(ps, i_secs, c.secs, ok);
    read_uint(ps, i_spis, c.spis, ok);
  });
}

std::optional<key_delivery> read_key(const signal_request& s) {
  return read_signal<key_delivery>(s, key, [](const item_params& ps, key_delivery& k, bool& ok) {
    read_hex(ps, i_sid, k.sid, ok);
    read_hex(ps, i_ekey, k.ekey, ok);
    read_hex(ps, i_pkey, k.pkey, ok);
    read_hex(ps, i_mac, k.mac, ok);
    read_uint(ps, i_lt, k.lt, ok);
    read_uint(ps, i_spis, k.spis, ok);
  });
}

std::optional<response> read_resp(const observed_event& e) { return read_resp_params(e); }
std::optional<response> read_resp(const requested_event& e) { return read_resp_params(e); }

void set_secm(service_change_parm& p, const std::vector<mechanism>& list) {
  std::string value = format_mechanisms(list);
  for (parameter& x : p.extensions) {
    if (iequals(x.name, secm_extension)) {
      x.value = std::move(value);
      x.quoted = true;
      return;
    }
  }
  p.extensions.push_back(parameter{std::string(secm_extension), std::move(value), true});
}

std::optional<std::vector<mechanism>> get_secm(const service_change_parm& p) {
  const parameter* x = find_parameter(p.extensions, secm_extension);
  if (!x) return std::nullopt;
  return parse_mechanisms(x->value);
}

void set_uint_extension(service_change_parm& p, std::string_view name, std::uint32_t v) {
  auto& xs = p.extensions;
  for (auto it = xs.begin(); it != xs.end(); ++it) {
    if (!iequals(it->name, name)) continue;
    if (v == 0) {
      xs.erase(it);
    } else {
      it->value = std::to_string(v);
      it->quoted = false;
    }
    return;
  }
  if (v != 0) xs.push_back(make_uint_parameter(std::string(name), v));
}

std::optional<std::uint32_t> get_uint_extension(const service_change_parm& p,
                                                std::string_view name) {
  const parameter* x = find_parameter(p.extensions, name);
  if (!x) return 0;
  return parse_uint(x->value, 10, 0xFFFFFFFFu);
}

const signal_request* find_signal(const amm_request& m, std::string_view name) noexcept {
  if (!m.signals) return nullptr;
  for (const signal_request& s : m.signals->signals)
    if (iequals(s.signal_name, name)) return &s;
  return nullptr;
}

const observed_event* find_observed_event(const notify_request& n, std::string_view name) noexcept {
  for (const observed_event& e : n.observed_events.events)
    if (iequals(e.pkgd_name, name)) return &e;
  return nullptr;
}

} // namespace ngn::h248::xsec
