#include "storage/subscriber_store.hpp"

#include "crypto/milenage.hpp"
#include "crypto/random.hpp"
#include "storage/schema.hpp"
#include "storage/subscriber_sql.hpp"

#include <chrono>
#include <limits>
#include <stdexcept>

namespace ngn::storage {

namespace detail {

namespace {

template <std::size_t N>
bool copy_blob(byte_view v, block<N>& out) noexcept {
  if (v.size() != N) return false;
  for (std::size_t i = 0; i < N; ++i) out[i] = v[i];
  return true;
}

} // namespace

subscriber read_subscriber(const statement& st, const db& conn) {
  subscriber s;
  s.identity = st.column_string(0);
  s.protocol = st.column_string(1);
  auto bad = [&](const char* what) {
    return std::runtime_error(conn.path() + ": subscriber '" + s.identity + "': " + what);
  };
  if (!crypto::key128::from(st.column_blob(2), s.k)) throw bad("k is not 16 bytes");
  if (!st.column_is_null(3)) {
    crypto::key128 op;
    if (!crypto::key128::from(st.column_blob(3), op)) throw bad("op is not 16 bytes");
    s.op = op;
  }
  if (!crypto::key128::from(st.column_blob(4), s.opc)) throw bad("opc is not 16 bytes");
  if (!copy_blob(st.column_blob(5), s.amf)) throw bad("amf is not 2 bytes");
  std::int64_t sqn = st.column_int64(6);
  if (sqn < 0 || static_cast<std::uint64_t>(sqn) > sqn_max) throw bad("sqn out of range");
  s.sqn = static_cast<std::uint64_t>(sqn);
  s.flags = static_cast<std::uint32_t>(st.column_int64(7));
  return s;
}

void bind_subscriber(statement& st, const subscriber& s, std::int64_t created_at) noexcept {
  st.bind(1, s.identity);
  st.bind(2, s.protocol);
  st.bind_blob(3, s.k.view());
  if (s.op)
    st.bind_blob(4, s.op->view());
  else
    st.bind_null(4);
  st.bind_blob(5, s.opc.view());
  st.bind_blob(6, s.amf);
  st.bind(7, static_cast<std::int64_t>(s.sqn));
  st.bind(8, static_cast<std::int64_t>(s.flags));
  st.bind(9, created_at);
}

std::int64_t now_unix_us() noexcept {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace detail

subscriber_store::subscriber_store(const std::string& path) : db_(open_database(path)) {}

std::size_t subscriber_store::provision(const provision_options& o) {
  identity_pattern pattern(o.pattern);
  if (!valid_protocol(o.protocol))
    throw std::invalid_argument("unknown protocol '" + o.protocol +
                                "' (any, sip, mgcp, h248, ras)");
  if (o.count > 0 && o.first > std::numeric_limits<std::uint64_t>::max() - (o.count - 1))
    throw std::invalid_argument("subscriber index overflows");
  if (o.sipp_safe) {
    if (!sipp_safe_amf(o.amf)) throw std::invalid_argument("AMF is not SIPp-safe");
    if (o.op && !sipp_safe(*o.op)) throw std::invalid_argument("OP is not SIPp-safe");
  }

  statement insert(db_, detail::insert_new_subscriber_sql);
  random_pool pool;
  subscriber s;
  s.protocol = o.protocol;
  s.amf = o.amf;
  s.flags = o.flags | (o.sipp_safe ? sipp_compat : 0u);
  block<16> op{};
  const std::int64_t now = detail::now_unix_us();
  std::size_t created = 0;

  transaction t(db_);
  for (std::size_t i = 0; i < o.count; ++i) {
    s.identity = pattern.format(o.first + i);
    if (!valid_identity(s.identity))
      throw std::invalid_argument("identity '" + s.identity + "' is too long");
    if (o.sipp_safe) {
      pool.fill_sipp_safe(s.k.data(), s.k.size());
      if (!o.op) pool.fill_sipp_safe(op.data(), op.size());
    } else {
      pool.fill(s.k.data(), s.k.size());
      if (!o.op) pool.fill(op.data(), op.size());
    }
    s.op = crypto::key128(o.op ? *o.op : op);
    s.opc = opc_of(s.k, *s.op); // TS 35.206 §4.1
    detail::bind_subscriber(insert, s, now);
    insert.step();
    if (db_.changes() == 1) ++created;
    insert.reset();
  }
  t.commit();
  crypto::secure_zero(op.data(), op.size());
  return created;
}

std::vector<subscriber> subscriber_store::load_all() {
  statement st(db_, std::string(detail::select_subscriber_sql) + " ORDER BY identity");
  std::vector<subscriber> out;
  out.reserve(count());
  while (st.step()) out.push_back(detail::read_subscriber(st, db_));
  return out;
}

std::optional<subscriber> subscriber_store::load(std::string_view identity) {
  statement st(db_, std::string(detail::select_subscriber_sql) + " WHERE identity = ?1");
  st.bind(1, identity);
  if (!st.step()) return std::nullopt;
  return detail::read_subscriber(st, db_);
}

void subscriber_store::upsert(const subscriber& s) {
  if (!valid_identity(s.identity))
    throw std::invalid_argument("invalid identity '" + s.identity + "'");
  if (!valid_protocol(s.protocol))
    throw std::invalid_argument("unknown protocol '" + s.protocol + "'");
  if (s.sqn > detail::sqn_max) throw std::invalid_argument("SQN beyond 48 bits");
  statement st(db_, detail::upsert_subscriber_sql);
  detail::bind_subscriber(st, s, detail::now_unix_us());
  st.step();
}

std::size_t subscriber_store::count() {
  return static_cast<std::size_t>(db_.query_int("SELECT count(*) FROM subscribers"));
}

element_key subscriber_store::ensure_element(std::string_view name, std::string_view kind) {
  if (kind != "proxy" && kind != "softswitch")
    throw std::invalid_argument("element kind '" + std::string(kind) +
                                "' is neither proxy nor softswitch");
  if (!valid_identity(name))
    throw std::invalid_argument("invalid element name '" + std::string(name) + "'");
  statement sel(db_, "SELECT kind, key FROM elements WHERE name = ?1");
  auto lookup = [&]() -> std::optional<element_key> {
    sel.reset();
    sel.bind(1, name);
    if (!sel.step()) return std::nullopt;
    element_key e;
    e.name = name;
    e.kind = sel.column_string(0);
    if (!crypto::key128::from(sel.column_blob(1), e.key))
      throw std::runtime_error(db_.path() + ": element '" + e.name + "': key is not 16 bytes");
    if (e.kind != kind)
      throw std::invalid_argument("element '" + e.name + "' exists with kind " + e.kind +
                                  ", not " + std::string(kind));
    return e;
  };
  if (auto e = lookup()) return *e;
  {
    crypto::key128 key = crypto::random_key128();
    statement ins(db_, "INSERT INTO elements (name, kind, key) VALUES (?1, ?2, ?3) "
                       "ON CONFLICT (name) DO NOTHING");
    ins.bind(1, name);
    ins.bind(2, kind);
    ins.bind_blob(3, key.view());
    ins.step();
  }
  // Re-read: another process may have created it first; its key wins.
  if (auto e = lookup()) return *e;
  throw std::runtime_error(db_.path() + ": element '" + std::string(name) + "' vanished");
}

std::vector<element_key> subscriber_store::load_elements() {
  statement st(db_, "SELECT name, kind, key FROM elements ORDER BY name");
  std::vector<element_key> out;
  while (st.step()) {
    element_key e;
    e.name = st.column_string(0);
    e.kind = st.column_string(1);
    if (!crypto::key128::from(st.column_blob(2), e.key))
      throw std::runtime_error(db_.path() + ": element '" + e.name + "': key is not 16 bytes");
    out.push_back(std::move(e));
  }
  return out;
}

} // namespace ngn::storage
