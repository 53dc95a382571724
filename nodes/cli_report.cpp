// `ngnemu report`: the run report from the AuC database(s) (README "Run report"): the summary
// rebuilt from the JSON stored with the run (or from the sessions alone when none was stored),
// the JSON itself (node-scope reports of several databases merged into the emulation's), or the
// HTML page of it; each with the run's sessions as the databases hold them.
#include "nodes/cli.hpp"
#include "protocols/common/escape.hpp"
#include "nodes/report_from_db.hpp"
#include "nodes/report_html.hpp"
#include "nodes/run_report.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ngn::nodes {

namespace {

struct report_args {
  std::vector<std::string> dbs{"ngnemu.db"};
  std::string run;
  bool json = false;
  std::string html;
};

int report(const report_args& a) {
  if (a.run == "all") {
    std::fprintf(stderr, "ngnemu report: --run all: a report is of one run (the id, a unique "
                         "prefix of it, or latest)\n");
    return 2;
  }
  if (!a.html.empty() && report_format_of(a.html) != report_format::html) {
    std::fprintf(stderr, "ngnemu report: --html %s: the file name must end in .html\n",
                 escape_text(a.html).c_str());
    return 2;
  }
  auto dbs = open_databases(a.dbs);
  bool any_runs = false, any_sessions = false;
  for (auto& d : dbs) {
    any_runs = any_runs || !d.runs.empty();
    any_sessions = any_sessions || d.conn.query_int("SELECT count(*) FROM sessions") > 0;
  }
  if (!any_runs && !any_sessions) {
    std::fprintf(stderr, "ngnemu report: no runs and no sessions in %s (run an emulation "
                         "first: ngnemu run --db FILE)\n",
                 dbs.size() == 1 ? escape_text(dbs.front().path).c_str() : "these databases");
    return 2;
  }
  std::string error;
  const auto choice = choose_run(dbs, a.run == "latest" ? std::string() : a.run, error);
  if (!choice) {
    std::fprintf(stderr, "ngnemu report: --run: %s\n", escape_text(error).c_str());
    return 2;
  }
  const auto d = read_db_report(dbs, *choice);
  for (const auto& n : d.notes) std::fprintf(stderr, "ngnemu report: %s\n", n.c_str());
  if (!d.report && !choice->all)
    std::fprintf(stderr, "ngnemu report: run %s has no stored report (an older database or a "
                         "run that did not end): from its sessions\n", d.run_name.c_str());
  const std::string json =
    d.report ? run_report_json(*d.report)
             : sessions_report_json(d.run_name, d.started_at, d.ended_at, d.outcome, d.sessions,
                                    d.sample);
  if (!a.html.empty()) {
    if (auto why = write_report_text(json, a.html); !why.empty()) {
      std::fprintf(stderr, "ngnemu report: --html %s: %s\n", escape_text(a.html).c_str(),
                   escape_text(why).c_str());
      return 1;
    }
    std::fprintf(stderr, "ngnemu report: %s written\n", a.html.c_str());
    return 0;
  }
  if (a.json) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    return 0;
  }
  const std::string text =
    (d.report ? format_report(*d.report) : sessions_only_summary(d)) + format_session_tables(d.sessions);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

} // namespace

void add_report_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<report_args>();
  auto* cmd = app.add_subcommand(
    "report", "The run report from the database(s): the end-of-run summary (default), --json "
              "or --html FILE, with the run's sessions (counts, the slowest, the failed)");
  cmd->add_option("--db", a->dbs,
                  "AuC database; repeat it to read several (AuC shards, other hosts' files) as "
                  "one emulation")
    ->capture_default_str();
  cmd->add_option("--run", a->run, "The run: its id, a unique prefix of it, or latest (default)");
  auto* json = cmd->add_flag("--json", a->json,
                             "The JSON run report (README \"Run report\"); node reports of "
                             "several databases merged into the emulation's");
  auto* html = cmd->add_option("--html", a->html,
                               "Write the self-contained HTML report of the run to this file");
  json->excludes(html);
  cmd->callback([a, &action] { action = [a] { return report(*a); }; });
}

} // namespace ngn::nodes
