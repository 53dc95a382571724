#include "storage/derived.hpp"

#include "crypto/derivation.hpp"
#include "crypto/milenage.hpp"
#include "storage/db.hpp"
#include "storage/provisioning.hpp"

#include <chrono>
#include <stdexcept>

namespace ngn::storage {

crypto::key128 derived_k(byte_view secret, std::string_view identity, bool safe) {
  for (std::uint32_t variant = 0;; ++variant) {
    auto k = crypto::derive_subscriber_key(secret, identity, variant);
    if (!safe || sipp_safe(k.view()) || variant > 10000) return k;
  }
}

std::size_t provision_derived(subscriber_store& store, const std::vector<std::string>& identities,
                              const derived_options& o) {
  auto& conn = store.connection();
  const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  transaction tx{conn};
  statement ins{conn, "INSERT OR IGNORE INTO subscribers "
                      "(identity, protocol, k, op, opc, amf, sqn, flags, created_at) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7, ?8)"};
  std::size_t created = 0;
  for (const auto& id : identities) {
    if (!valid_identity(id)) throw std::invalid_argument("invalid identity '" + id + "'");
    auto k = derived_k(byte_view{o.secret}, id, o.sipp_safe);
    auto opc = crypto::milenage_opc(k, o.op.raw());
    ins.reset();
    ins.bind(1, std::string_view{id});
    ins.bind(2, std::string_view{o.protocol});
    ins.bind_blob(3, k.view());
    ins.bind_blob(4, o.op.view());
    ins.bind_blob(5, byte_view{opc});
    ins.bind_blob(6, byte_view{o.amf});
    ins.bind(7, std::int64_t{o.sipp_safe ? sipp_compat : 0u});
    ins.bind(8, std::int64_t{now});
    ins.step();
    crypto::secure_zero(opc.data(), opc.size()); // SQLite bound a copy
    created += static_cast<std::size_t>(conn.changes());
  }
  tx.commit();
  return created;
}

void set_element_key(subscriber_store& store, std::string_view name, std::string_view kind,
                     const crypto::key128& key) {
  auto& conn = store.connection();
  statement st{conn, "INSERT INTO elements (name, kind, key) VALUES (?1, ?2, ?3) "
                     "ON CONFLICT(name) DO UPDATE SET kind = excluded.kind, key = excluded.key"};
  st.bind(1, name);
  st.bind(2, kind);
  st.bind_blob(3, key.view());
  st.step();
}

} // namespace ngn::storage
