// SEAM: the commands that need PostgreSQL. Each will load context.graph(),
// call the executor of retort/migrate.hpp (run_upgrade, run_downgrade,
// run_stamp, read_version_rows, run_check) with the context's config and
// report its RunResult as text or JSON. Until then they refuse clearly.
#include <fmt/format.h>

#include "retort/commands.hpp"

namespace retort {
namespace {

[[noreturn]] void needs_executor(std::string_view command) {
  throw Error(ErrorKind::usage,
              fmt::format("`{}` needs the PostgreSQL executor, which is not built yet", command),
              {}, "history, heads, branches, show, revision and merge work without a database");
}

}  // namespace

void run_upgrade(const CommandContext&, const UpgradeOptions&, Reporter&) {
  needs_executor("upgrade");
}

void run_downgrade(const CommandContext&, const DowngradeOptions&, Reporter&) {
  needs_executor("downgrade");
}

void run_stamp(const CommandContext&, const StampOptions&, Reporter&) {
  needs_executor("stamp");
}

void run_current(const CommandContext&, const CurrentOptions&, Reporter&) {
  needs_executor("current");
}

void run_check(const CommandContext&, const CheckOptions&, Reporter&) {
  needs_executor("check");
}

}  // namespace retort
