// libFuzzer target for the config loader: the YAML file, the environment that
// overrides and interpolates it, and ${VAR:-default} interpolation on its own.
//
// Input: the config file's text, then a NUL byte, then NAME=VALUE lines (the
// environment). Invariants checked on every input:
//  - load_config() returns a Config or throws Error(ErrorKind::config) (a URL
//    the loader cannot use: ErrorKind::usage), never anything else;
//  - an error located in the file is in that file, at line 1 or later;
//  - interpolate() of the file's text returns at most k_max_expanded_bytes,
//    or throws Error(ErrorKind::config); text without '$' comes back as is.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "config/interpolate.hpp"
#include "retort/config.hpp"
#include "retort/error.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

// One directory per fuzzing process, holding retort.yaml.
const std::filesystem::path& work_dir() {
  static const std::filesystem::path dir = [] {
    char pattern[] = "/tmp/retort-config-fuzz-XXXXXX";
    const char* made = mkdtemp(pattern);
    check(made != nullptr);
    return std::filesystem::path(made);
  }();
  return dir;
}

retort::Environment environment_of(std::string_view text) {
  retort::Environment environment;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    const std::size_t eq = line.find('=');
    if (eq != std::string_view::npos && eq > 0) {
      environment[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
    }
    pos = end + 1;
  }
  return environment;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace retort;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t nul = input.find('\0');
  const std::string_view yaml = input.substr(0, nul);
  const Environment environment =
      environment_of(nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1));

  const std::filesystem::path path = work_dir() / "retort.yaml";
  std::ofstream(path, std::ios::binary | std::ios::trunc) << yaml;
  ConfigOverrides overrides;
  overrides.config_file = path;
  try {
    (void)load_config(overrides, environment, work_dir());
  } catch (const Error& error) {
    check(error.kind() == ErrorKind::config || error.kind() == ErrorKind::usage);
    if (error.location() && !error.location()->file.empty()) {
      check(error.location()->file == path.string());
      check(error.location()->line >= 0 && error.location()->column >= 0);
    }
  }

  try {
    const std::string expanded = config::interpolate(yaml, environment, SourceLocation{"f", 1, 1});
    check(expanded.size() <= config::k_max_expanded_bytes ||
          yaml.size() > config::k_max_expanded_bytes);
    if (yaml.find('$') == std::string_view::npos) check(expanded == yaml);
  } catch (const Error& error) {
    check(error.kind() == ErrorKind::config);
    check(yaml.find('$') != std::string_view::npos);
  }
  return 0;
}
