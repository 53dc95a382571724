#include "protocols/dialogue/sip_util.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/sip/sec_agree.hpp"

namespace ngn::dialogue::sip_util {

result<mechanism_list> to_mechanisms(const std::vector<sip::sec_mechanism>& list) {
  mechanism_list out;
  if (list.empty()) return out;
  out.reserve(list.size());
  for (const auto& m : list) out.push_back(mechanism{m.name, m.q_milli().value_or(0)});
  if (auto ok = check_mechanisms(out); !ok) return ok.error();
  return out;
}

std::vector<sip::sec_mechanism> to_sec_mechanisms(const mechanism_list& list) {
  std::vector<sip::sec_mechanism> out;
  out.reserve(list.size());
  for (const auto& m : list) out.push_back(sip::make_mechanism(m.name, m.q));
  return out;
}

sip::sec_mechanism chosen_mechanism(std::string_view chosen, const mechanism_list* edge) {
  if (edge != nullptr)
    for (const auto& m : *edge)
      if (m.name == chosen) return sip::make_mechanism(chosen, m.q);
  return sip::make_mechanism(chosen, std::nullopt);
}

std::string hex32(std::uint32_t v) { return to_hex_number(v, 8); }

std::string format_session_id(std::uint32_t id) { return hex32(id); }

std::uint32_t parse_session_id(std::string_view opaque) {
  std::uint8_t b[4];
  if (!from_hex(opaque, b, 4)) return 0;
  return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8)
         | b[3];
}

void from_hex_into(std::string_view hex, std::vector<std::uint8_t>& out) {
  auto v = from_hex(hex);
  if (v) out = std::move(*v);
  else out.clear();
}

std::string reason_text(std::string_view value) {
  auto pos = value.find("text=\"");
  if (pos == std::string_view::npos) return std::string(value);
  pos += 6;
  auto end = value.find('"', pos);
  return std::string(value.substr(pos, end == std::string_view::npos ? end : end - pos));
}

std::string warning_text(std::string_view value) {
  const auto open = value.find('"');
  if (open == std::string_view::npos) return {};
  const auto close = value.find('"', open + 1);
  if (close == std::string_view::npos) return {};
  return std::string(value.substr(open + 1, close - open - 1));
}

std::string local_tag(std::uint32_t session_id) { return "ss" + hex32(session_id); }

namespace {

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\'';
    else if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) out += ' ';
    else out += c;
  }
  if (out.size() > 200) out.resize(200);
  return out;
}

bool iprefix(std::string_view line, std::string_view name) {
  if (line.size() <= name.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char a = line[i], b = name[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  std::size_t i = name.size();
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  return i < line.size() && line[i] == ':';
}

} // namespace

sip::header warning(address local, std::string_view text) {
  return sip::header{"Warning", "399 " + local.host() + " \"" + sanitize(text) + "\""};
}

std::string bad_request(std::string_view wire, const codec_error& err, address local) {
  // Only requests get an answer, and only with what §8.2.6.2 needs to route and match it.
  auto eol = wire.find('\n');
  std::string_view first = wire.substr(0, eol);
  if (first.empty() || first.substr(0, 4) == "SIP/" || first.find("SIP/2.0") == std::string_view::npos)
    return {};
  struct wanted {
    std::string_view full, compact;
    std::string line;
  } hs[] = {{"Via", "v", {}}, {"From", "f", {}}, {"To", "t", {}}, {"Call-ID", "i", {}},
            {"CSeq", "", {}}};
  std::vector<std::string> vias;
  std::size_t pos = eol == std::string_view::npos ? wire.size() : eol + 1;
  while (pos < wire.size()) {
    auto next = wire.find('\n', pos);
    std::string_view line = wire.substr(pos, next == std::string_view::npos ? next : next - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;
    for (auto& h : hs) {
      if (iprefix(line, h.full) || (!h.compact.empty() && iprefix(line, h.compact))) {
        std::string l{line};
        for (auto& ch : l)
          if (static_cast<unsigned char>(ch) < 0x20 && ch != '\t') ch = ' ';
        if (h.full == "Via") vias.push_back(std::move(l));
        else if (h.line.empty()) h.line = std::move(l);
      }
    }
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
  if (vias.empty()) return {};
  for (std::size_t i = 1; i < std::size(hs); ++i)
    if (hs[i].line.empty()) return {};
  std::string out = "SIP/2.0 400 Bad Request\r\n";
  for (auto& v : vias) out += v + "\r\n";
  for (std::size_t i = 1; i < std::size(hs); ++i) out += hs[i].line + "\r\n";
  out += "Warning: 399 " + local.host() + " \"" + sanitize(err.describe()) + "\"\r\n";
  out += "Content-Length: 0\r\n\r\n";
  return out;
}

} // namespace ngn::dialogue::sip_util
