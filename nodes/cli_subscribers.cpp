// `ngnemu subscribers provision | import | export`: the AuC's subscriber table.
#include "nodes/cli.hpp"
#include "storage/db.hpp"
#include "storage/derived.hpp"
#include "storage/provisioning.hpp"
#include "storage/subscriber_store.hpp"
#include "topology/model.hpp"
#include "protocols/common/protocol.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

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

int export_(const sub_args& a) {
  storage::subscriber_store store{a.db};
  std::ofstream file;
  if (!a.output.empty()) {
    file.open(a.output);
    if (!file) {
      std::fprintf(stderr, "ngnemu: cannot write %s\n", a.output.c_str());
      return 2;
    }
  }
  std::ostream& out = a.output.empty() ? std::cout : file;
  if (a.format == "sipp") {
    auto st = store.export_sipp(out);
    std::fprintf(stderr,
                 "%zu subscribers written; skipped: %zu without OP, %zu with bytes SIPp 3.6.1 "
                 "mangles (provision with --sipp-safe), %zu of other protocols\n",
                 st.written, st.skipped_no_op, st.skipped_unsafe, st.skipped_protocol);
  } else {
    store.export_csv(out);
  }
  out.flush();
  return out ? 0 : 2;
}

} // namespace

void add_subscribers_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<sub_args>();
  auto* cmd = app.add_subcommand("subscribers", "Provision, import or export subscribers");
  cmd->require_subcommand(1);
  auto* prov = cmd->add_subcommand(
    "provision", "Create subscribers (keys derived from the built-in secret, or --random)");
  prov->add_option("--count,-c", a->count, "How many")->required();
  prov->add_option("--pattern", a->pattern, "Identity pattern with {n} or {n:0W}")
    ->capture_default_str();
  prov->add_option("--first", a->first, "First n")->capture_default_str();
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
