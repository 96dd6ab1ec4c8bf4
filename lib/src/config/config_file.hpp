// Reading the YAML config file into a Config (yaml-cpp, as the migration-file header does).
#pragma once

#include <cstddef>
#include <filesystem>
#include <set>
#include <string>

#include "retort/config.hpp"

namespace retort::config {

// The largest config file read_config_file() reads: a config is a few
// hundred bytes, so anything this large is the wrong file.
inline constexpr std::size_t k_max_config_file_bytes = 1024 * 1024;

// Reads `path` into `config`: interpolates ${VAR} references from
// `environment` and resolves relative paths against the file's directory.
// Keys in `skip` are overridden by the environment or the command line: they
// are checked to be known keys but their values are neither interpolated nor
// validated (an unset ${DB_URL} does not matter when DATABASE_URL wins).
// Throws Error(ErrorKind::config) with file:line:col (columns in characters),
// and for a file larger than k_max_config_file_bytes.
void read_config_file(const std::filesystem::path& path, const Environment& environment,
                      const std::set<std::string>& skip, Config& config);

}  // namespace retort::config
