// `ngnemu subscribers provision | import | export`: the AuC's subscriber table.
#include "nodes/cli.hpp"
#include "nodes/cli_checks.hpp"
#include "storage/db.hpp"
#include "storage/derived.hpp"
#include "storage/provisioning.hpp"
#include "storage/subscriber_store.hpp"
#include "topology/model.hpp"
#include "crypto/secret.hpp"
#include "protocols/common/escape.hpp"
#include "protocols/common/private_file.hpp"
#include "protocols/common/protocol.hpp"

#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cerrno>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace ngn::nodes {

namespace {

struct sub_args {
  std::string db = "ngnemu.db";
  std::uint64_t count = 0;
  std::string pattern = "t{n:06}@ngn.example";
  std::uint64_t first = 1;
  bool random = false;
  bool sipp_safe = false;
  bool sipp_keys = false;
  std::string protocol = "any";
  std::string file;
  std::string format = "csv";
  std::string output;
};

/// --sipp-keys: the subscribers of the range keep SIPp-safe keys but lose the compatibility flag,
/// so the AuC issues them any RAND (SIPp 3.6.1 then fails on RES with a 0x00 byte, README).
void clear_sipp_flag(storage::subscriber_store& store, const sub_args& a) {
  storage::identity_pattern pat{a.pattern};
  auto& conn = store.connection();
  storage::transaction tx{conn};
  storage::statement st{conn, "UPDATE subscribers SET flags = flags & ~?1 WHERE identity = ?2"};
  for (std::uint64_t i = 0; i < a.count; ++i) {
    const auto id = pat.format(a.first + i);
    st.reset();
    st.bind(1, std::int64_t{storage::sipp_compat});
    st.bind(2, std::string_view{id});
    st.step();
  }
  tx.commit();
}

int provision(sub_args a) {
  if (a.sipp_keys) a.sipp_safe = true;
  storage::subscriber_store store{a.db};
  std::size_t created = 0;
  if (a.random) {
    storage::provision_options o;
    o.count = a.count;
    o.pattern = a.pattern;
    o.first = a.first;
    o.protocol = a.protocol;
    o.sipp_safe = a.sipp_safe;
    if (a.sipp_safe) o.flags |= storage::sipp_compat;
    created = store.provision(o);
  } else {
    // Keys derived from the built-in master secret (what `ngnemu run` terminals use).
    storage::identity_pattern pat{a.pattern};
    std::vector<std::string> ids;
    ids.reserve(a.count);
    for (std::uint64_t i = 0; i < a.count; ++i) ids.push_back(pat.format(a.first + i));
    storage::derived_options d;
    d.secret = topology::default_subscriber_secret();
    d.op = topology::default_subscriber_op();
    d.protocol = a.protocol;
    d.sipp_safe = a.sipp_safe;
    created = storage::provision_derived(store, ids, d);
  }
  if (a.sipp_keys) clear_sipp_flag(store, a);
  std::printf("%zu subscribers created (%zu already existed); %zu in %s\n", created,
              static_cast<std::size_t>(a.count) - created, store.count(), a.db.c_str());
  return 0;
}

int import(const sub_args& a) {
  std::ifstream in{a.file};
  if (!in) {
    std::fprintf(stderr, "ngnemu: cannot read %s\n", a.file.c_str());
    return 2;
  }
  storage::subscriber_store store{a.db};
  auto n = store.import_csv(in, a.file);
  std::printf("%zu subscribers imported into %s\n", n, a.db.c_str());
  return 0;
}

/// Writes all of `text` to `fd`; false on an error.
bool write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

int export_(const sub_args& a) {
  // --output holds K and OP/OPc: created 0600, never through a symbolic link (issue 12 item 6),
  // and before the database is read so that a bad path costs nothing.
  private_file file;
  if (!a.output.empty()) {
    file = open_private_file(a.output);
    if (file.fd < 0) {
      std::fprintf(stderr, "ngnemu subscribers export: --output %s\n", file.error.c_str());
      return 2;
    }
  }
  storage::subscriber_store store{a.db};
  std::ostringstream buffered;
  std::ostream& out = a.output.empty() ? static_cast<std::ostream&>(std::cout) : buffered;
  if (a.format == "sipp") {
    auto st = store.export_sipp(out);
    std::fprintf(stderr,
                 "%zu subscribers written; skipped: %zu without OP, %zu with bytes SIPp 3.6.1 "
                 "mangles (provision with --sipp-safe), %zu of other protocols\n",
                 st.written, st.skipped_no_op, st.skipped_unsafe, st.skipped_protocol);
  } else {
    store.export_csv(out);
  }
  if (file.fd >= 0) {
    std::string text = buffered.str();
    const bool ok = write_all(file.fd, text) && ::close(file.fd) == 0;
    crypto::secure_zero(text.data(), text.size());
    if (!ok) {
      std::fprintf(stderr, "ngnemu subscribers export: --output %s: write error\n",
                   escape_text(a.output).c_str());
      return 3;
    }
    return 0;
  }
  out.flush();
  return out ? 0 : 3;
}

} // namespace

void add_subscribers_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<sub_args>();
  auto* cmd = app.add_subcommand("subscribers", "Provision, import or export subscribers");
  cmd->require_subcommand(1);
  auto* prov = cmd->add_subcommand(
    "provision", "Create subscribers (keys derived from the built-in secret, or --random)");
  prov->add_option("--count,-c", a->count, "How many (1 to 100000000)")
    ->check(integer_in(1, 100'000'000))
    ->required();
  prov->add_option("--pattern", a->pattern, "Identity pattern with {n} or {n:0W}")
    ->capture_default_str();
  prov->add_option("--first", a->first, "First n (0 to 999999999999)")
    ->check(integer_in(0, 999'999'999'999))
    ->capture_default_str();
  prov->add_flag("--random", a->random, "Random K and OP instead of derived ones");
  auto* safe = prov->add_flag("--sipp-safe", a->sipp_safe,
                 "K/OP usable by SIPp 3.6.1, and flag the subscribers so the AuC never issues a "
                 "challenge whose RES contains 0x00 (aka-and-vectors.md §3)");
  prov->add_flag("--sipp-keys", a->sipp_keys,
                 "K/OP usable by SIPp 3.6.1 but without the compatibility flag (the AuC may "
                 "issue RES with a 0x00 byte, which SIPp 3.6.1 gets wrong: about 3 % of "
                 "registrations fail with 403)")
    ->excludes(safe);
  std::vector<std::string> protocols{"any"};
  for (auto p : all_protocols) protocols.emplace_back(to_string(p));
  prov->add_option("--protocol", a->protocol, "any|" + protocol_names())
    ->check(CLI::IsMember(protocols))
    ->capture_default_str();
  prov->add_option("--db", a->db, "Database")->capture_default_str();
  prov->callback([a, &action] { action = [a] { return provision(*a); }; });

  auto* imp = cmd->add_subcommand(
    "import", "Import CSV: identity,protocol,k,op,opc,amf,sqn,flags (hex fields)");
  imp->add_option("file", a->file, "CSV file")->required();
  imp->add_option("--db", a->db, "Database")->capture_default_str();
  imp->callback([a, &action] { action = [a] { return import(*a); }; });

  auto* exp = cmd->add_subcommand("export", "Export subscribers as CSV or a SIPp -inf file");
  exp->add_option("--format", a->format, "csv | sipp")
    ->check(CLI::IsMember({"csv", "sipp"}))
    ->capture_default_str();
  exp->add_option("--output,-o", a->output, "File (default: standard output)");
  exp->add_option("--db", a->db, "Database")->capture_default_str();
  exp->callback([a, &action] { action = [a] { return export_(*a); }; });
}

} // namespace ngn::nodes
