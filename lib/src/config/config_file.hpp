// Reading the YAML config file into a Config (the only place yaml-cpp is used).
#pragma once

#include <filesystem>
#include <set>
#include <string>

#include "retort/config.hpp"

namespace retort::config {

// Reads `path` into `config`: interpolates ${VAR} references from
// `environment` and resolves relative paths against the file's directory.
// Keys in `skip` are overridden by the environment or the command line: they
// are checked to be known keys but their values are neither interpolated nor
// validated (an unset ${DB_URL} does not matter when DATABASE_URL wins).
// Throws Error(ErrorKind::config) with file:line:col.
void read_config_file(const std::filesystem::path& path, const Environment& environment,
                      const std::set<std::string>& skip, Config& config);

}  // namespace retort::config
