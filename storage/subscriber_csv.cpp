// subscriber_store: CSV import/export and the SIPp injection file (aka-and-vectors.md §3.3).
#include "crypto/milenage.hpp"
#include "protocols/common/hex.hpp"
#include "protocols/common/protocol.hpp"
#include "storage/subscriber_sql.hpp"
#include "storage/subscriber_store.hpp"

#include <array>
#include <istream>
#include <ostream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

namespace ngn::storage {

namespace {

enum column : int { c_identity, c_protocol, c_k, c_op, c_opc, c_amf, c_sqn, c_flags, n_columns };
constexpr std::array<std::string_view, n_columns> column_names = {
  "identity", "protocol", "k", "op", "opc", "amf", "sqn", "flags"};
constexpr std::size_t max_line = 4096;
constexpr std::size_t max_fields = 32;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

/// Splits on ','; false if there are more than max_fields fields.
bool split(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  for (;;) {
    if (out.size() == max_fields) return false;
    auto comma = line.find(',');
    out.push_back(trim(line.substr(0, comma)));
    if (comma == std::string_view::npos) return true;
    line.remove_prefix(comma + 1);
  }
}

/// Errors as "NAME:LINE: message" (DESIGN.md §5: name the file, line and field).
class csv_errors {
public:
  explicit csv_errors(std::string_view source) : source_(source) {}
  std::size_t line = 0;
  std::runtime_error at(const std::string& msg) const {
    return std::runtime_error(source_ + ":" + std::to_string(line) + ": " + msg);
  }
  std::runtime_error field(column c, const std::string& msg) const {
    return at("field '" + std::string(column_names[c]) + "': " + msg);
  }

private:
  std::string source_;
};

/// Into `out` (a block or a wiping crypto::secret) of N bytes.
template <class Out, std::size_t N = sizeof(Out)>
void parse_hex(std::string_view text, column c, Out& out, const csv_errors& err) {
  // The message never repeats the value: it may be a key.
  if (text.size() != 2 * N)
    throw err.field(c, "expected " + std::to_string(2 * N) + " hex digits, got " +
                         std::to_string(text.size()) + " characters");
  if (!from_hex(text, out.data(), N)) throw err.field(c, "not a hex string");
}

std::uint64_t parse_uint(std::string_view text, column c, std::uint64_t max,
                         const csv_errors& err) {
  if (text.empty() || text.size() > 20) throw err.field(c, "expected a decimal number");
  std::uint64_t v = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') throw err.field(c, "expected a decimal number");
    auto d = static_cast<std::uint64_t>(ch - '0');
    if (v > (max - d) / 10) throw err.field(c, "larger than " + std::to_string(max));
    v = v * 10 + d;
  }
  return v;
}

} // namespace

std::size_t subscriber_store::import_csv(std::istream& in, std::string_view source_name) {
  csv_errors err(source_name);
  std::array<int, n_columns> index;
  index.fill(-1);
  std::size_t n_header = 0;
  std::vector<std::string_view> fields;
  std::unordered_map<std::string, std::size_t> seen; // identity -> line
  std::size_t imported = 0;
  const std::int64_t now = detail::now_unix_us();

  transaction t(db_);
  statement upsert(db_, detail::upsert_subscriber_sql);
  std::string line;
  while (std::getline(in, line)) {
    ++err.line;
    if (line.size() > max_line)
      throw err.at("line longer than " + std::to_string(max_line) + " characters");
    std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    if (!split(text, fields)) throw err.at("more than " + std::to_string(max_fields) + " fields");

    if (n_header == 0) { // the header line names the columns
      for (std::size_t i = 0; i < fields.size(); ++i) {
        int c = 0;
        while (c < n_columns && column_names[c] != fields[i]) ++c;
        if (c == n_columns) throw err.at("header: unknown column '" + std::string(fields[i]) + "'");
        if (index[c] >= 0)
          throw err.at("header: duplicate column '" + std::string(fields[i]) + "'");
        index[c] = static_cast<int>(i);
      }
      for (column c : {c_identity, c_k})
        if (index[c] < 0)
          throw err.at("header: missing column '" + std::string(column_names[c]) + "'");
      if (index[c_op] < 0 && index[c_opc] < 0) throw err.at("header: missing column 'op' or 'opc'");
      n_header = fields.size();
      continue;
    }

    if (fields.size() != n_header)
      throw err.at("expected " + std::to_string(n_header) + " fields as in the header, got " +
                   std::to_string(fields.size()));
    auto get = [&](column c) { return index[c] < 0 ? std::string_view{} : fields[index[c]]; };

    subscriber s;
    s.identity = get(c_identity);
    if (!valid_identity(s.identity))
      throw err.field(c_identity, s.identity.empty() ? "empty" : "invalid identity '" +
                                                                     s.identity + "'");
    auto [it, fresh] = seen.emplace(s.identity, err.line);
    if (!fresh)
      throw err.field(c_identity, "'" + s.identity + "' already given on line " +
                                    std::to_string(it->second));
    if (!get(c_protocol).empty()) s.protocol = get(c_protocol);
    if (!valid_protocol(s.protocol))
      throw err.field(c_protocol,
                      "unknown protocol '" + s.protocol + "' (any|" + protocol_names() + ")");
    {
      block<16> k;
      parse_hex(get(c_k), c_k, k, err);
      s.k = crypto::key128(k);
      crypto::secure_zero(k.data(), k.size());
    }
    if (!get(c_op).empty()) {
      crypto::key128 op;
      parse_hex(get(c_op), c_op, op, err);
      s.op = op;
    }
    if (!get(c_opc).empty()) {
      parse_hex(get(c_opc), c_opc, s.opc, err);
      if (s.op && opc_of(s.k, *s.op) != s.opc)
        throw err.field(c_opc, "does not match the OPc computed from op and k");
    } else if (s.op) {
      s.opc = opc_of(s.k, *s.op); // TS 35.206 §4.1
    } else {
      throw err.field(index[c_opc] >= 0 ? c_opc : c_op, "op or opc is required");
    }
    if (!get(c_amf).empty()) parse_hex(get(c_amf), c_amf, s.amf, err);
    if (!get(c_sqn).empty()) s.sqn = parse_uint(get(c_sqn), c_sqn, detail::sqn_max, err);
    if (!get(c_flags).empty())
      s.flags = static_cast<std::uint32_t>(parse_uint(get(c_flags), c_flags, 0xffffffffu, err));

    detail::bind_subscriber(upsert, s, now);
    try {
      upsert.step();
    } catch (const std::runtime_error& e) {
      throw err.at(e.what());
    }
    upsert.reset();
    ++imported;
  }
  if (in.bad()) throw err.at("read error");
  if (n_header == 0)
    throw std::runtime_error(std::string(source_name) +
                             ": no header line (identity,protocol,k,op,opc,amf,sqn,flags)");
  t.commit();
  return imported;
}

std::size_t subscriber_store::export_csv(std::ostream& out) {
  statement st(db_, std::string(detail::select_subscriber_sql) + " ORDER BY identity");
  out << "identity,protocol,k,op,opc,amf,sqn,flags\n";
  std::size_t rows = 0;
  std::string line;
  while (st.step()) {
    subscriber s = detail::read_subscriber(st, db_);
    line.clear();
    line += s.identity;
    line += ',';
    line += s.protocol;
    line += ',';
    append_hex(line, s.k.view());
    line += ',';
    if (s.op) append_hex(line, s.op->view());
    line += ',';
    append_hex(line, s.opc.view());
    line += ',';
    append_hex(line, s.amf);
    line += ',';
    line += std::to_string(s.sqn);
    line += ',';
    line += std::to_string(s.flags);
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    ++rows;
  }
  crypto::secure_zero(line.data(), line.size());
  if (!out) throw std::runtime_error("CSV export: write error");
  return rows;
}

sipp_export_stats subscriber_store::export_sipp(std::ostream& out) {
  statement st(db_, std::string(detail::select_subscriber_sql) + " ORDER BY identity");
  sipp_export_stats stats;
  out << "SEQUENTIAL\n"; // aka-and-vectors.md §3.3: first line of an -inf file
  std::string line;
  while (st.step()) {
    subscriber s = detail::read_subscriber(st, db_);
    if (s.protocol != "any" && s.protocol != "sip") {
      ++stats.skipped_protocol;
      continue;
    }
    if (!s.op) { // SIPp has no OPc parameter (aka-and-vectors.md §3.1)
      ++stats.skipped_no_op;
      continue;
    }
    if (!sipp_safe(s.k.view()) || !sipp_safe(s.op->view()) || !sipp_safe_amf(s.amf)) {
      ++stats.skipped_unsafe;
      continue;
    }
    line.clear();
    line += s.identity;
    line += ";[authentication username=";
    line += s.identity;
    // Each value ends with the byte 00: SIPp 3.6.1's getHexStringParam (src/message.cpp) does
    // not terminate what it decodes, and the template parse of the key then reads the
    // uninitialised stack bytes after it up to the first 0x00 -- a '[' or '\n' among them (ASLR
    // decides) aborts SIPp at its first call with "Syntax error or invalid [keyword] in
    // scenario while parsing ''". The 00 terminates the key where it ends; SIPp uses 16 bytes
    // of K and OP and 2 of AMF (a 2-byte AMF ending in 00 ends there anyway).
    line += " aka_K=0x";
    append_hex(line, s.k.view(), hex_case::upper);
    line += "00 aka_OP=0x";
    append_hex(line, s.op->view(), hex_case::upper);
    line += "00 aka_AMF=0x";
    append_hex(line, s.amf, hex_case::upper);
    line += "00]\n";
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    ++stats.written;
  }
  crypto::secure_zero(line.data(), line.size());
  if (!out) throw std::runtime_error("SIPp export: write error");
  return stats;
}

} // namespace ngn::storage
