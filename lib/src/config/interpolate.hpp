// ${VAR} / ${VAR:-default} interpolation of configuration values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "retort/config.hpp"
#include "retort/error.hpp"

namespace retort::config {

// How deep ${A:-${B:-...}} defaults may nest, and how large a value may grow
// by expansion: a config is written by people, and a bound keeps a hostile
// one from exhausting the stack or the memory.
inline constexpr int k_max_reference_nesting = 16;
inline constexpr std::size_t k_max_expanded_bytes = 1024 * 1024;

// Expands every ${VAR} and ${VAR:-default} in `text` from `environment`.
// ${VAR:-default} uses the default when VAR is unset or empty (as the shell
// does); the default may itself contain references. "$${" is a literal "${".
// A '$' not followed by '{' is kept as is.
// Throws Error(ErrorKind::config) at `where` (column moved to the reference
// when `where.column` is known) for an unset variable without default, an
// unterminated reference, an invalid variable name, defaults nested deeper
// than k_max_reference_nesting, or a result larger than k_max_expanded_bytes.
std::string interpolate(std::string_view text, const Environment& environment,
                        const SourceLocation& where);

}  // namespace retort::config
