// The AuC's subscriber and element-key tables (DESIGN.md §4), synchronous, on a connection of its
// own: used at start-up (loading) and by the CLI (provision, import, export). Not thread-safe;
// errors throw (std::runtime_error for the database, std::invalid_argument for bad arguments).
//
// SQN updates while the AuC runs go through the group-commit writer (storage/writer.hpp), never
// through this class.
#pragma once

#include "storage/db.hpp"
#include "storage/provisioning.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::storage {

/// What export_sipp wrote and what it had to leave out.
struct sipp_export_stats {
  std::size_t written = 0;
  std::size_t skipped_no_op = 0;    ///< provisioned from OPc only: SIPp needs OP (no OPc parameter)
  std::size_t skipped_unsafe = 0;   ///< K, OP or AMF contain bytes SIPp 3.6 mangles
  std::size_t skipped_protocol = 0; ///< protocol neither "any" nor "sip"
};

class subscriber_store {
public:
  /// Opens (creating the file and schema if missing). Throws std::runtime_error.
  explicit subscriber_store(const std::string& path);

  db& connection() noexcept { return db_; }

  /// Creates `o.count` subscribers with random K (and OP unless `o.op`), identities
  /// o.pattern with n = o.first, o.first + 1, ...; identities that already exist are left
  /// untouched. One transaction. Returns the number newly created.
  std::size_t provision(const provision_options& o);

  std::vector<subscriber> load_all();
  std::optional<subscriber> load(std::string_view identity);
  /// Inserts or replaces `s`; the stored SQN never decreases (max of old and new), so re-applying
  /// an old record cannot make the AuC reuse an SQN (DESIGN.md §2). Throws std::invalid_argument
  /// for an invalid identity/protocol or an SQN beyond 48 bits.
  void upsert(const subscriber& s);
  std::size_t count();

  /// Imports CSV with the header line `identity,protocol,k,op,opc,amf,sqn,flags` (columns in any
  /// order; identity, k and op or opc are required, the others may be omitted). Hex fields in
  /// either case; empty protocol = any, amf = 8000, sqn = flags = 0. op or opc may be empty (not
  /// both); with op only, opc is computed; with both they must agree. Blank lines and lines
  /// starting with '#' are skipped. Existing subscribers are updated as by upsert. All or
  /// nothing: on the first error nothing is imported and std::runtime_error("NAME:LINE: field
  /// 'F': ...") is thrown, NAME being `source_name`. Returns the number of rows imported.
  std::size_t import_csv(std::istream& in, std::string_view source_name = "<csv>");
  /// Writes the header and every subscriber (lower-case hex, op empty when unknown), in identity
  /// order; import_csv reads it back. Contains the keys in clear. Returns the rows written.
  std::size_t export_csv(std::ostream& out);
  /// A SIPp injection file (-inf, aka-and-vectors.md §3.3): `SEQUENTIAL`, then per subscriber
  /// `IDENTITY;[authentication username=IDENTITY aka_K=0xHEX00 aka_OP=0xHEX00 aka_AMF=0xHEX00]` (each value ends
  /// in a 00 byte that terminates it for SIPp 3.6.1's parser; see export_sipp). Use
  /// [field0] as the user@domain in From/To and [field1] as the Authorization line. Subscribers
  /// SIPp cannot use are skipped and counted.
  sipp_export_stats export_sipp(std::ostream& out);

  /// The element's key, created at random on first use. `kind` is "proxy" or "softswitch";
  /// throws std::invalid_argument if the element exists with the other kind.
  element_key ensure_element(std::string_view name, std::string_view kind);
  std::vector<element_key> load_elements();

private:
  db db_;
};

} // namespace ngn::storage
