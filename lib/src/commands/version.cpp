#include <fmt/format.h>

#include "commands/json_output.hpp"
#include "retort/commands.hpp"

namespace retort {

std::string version_string() {
  return RETORT_VERSION;
}

void run_version(const CommandContext& context, Reporter& reporter) {
  if (context.json()) {
    auto document = json_output::document("version");
    document["version"] = version_string();
    json_output::emit(reporter, document);
  } else {
    reporter.output(fmt::format("retort {}", version_string()));
  }
}

}  // namespace retort
