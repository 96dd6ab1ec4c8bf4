// ${VAR} / ${VAR:-default} interpolation of configuration values.
#pragma once

#include <string>
#include <string_view>

#include "retort/config.hpp"
#include "retort/error.hpp"

namespace retort::config {

// Expands every ${VAR} and ${VAR:-default} in `text` from `environment`.
// ${VAR:-default} uses the default when VAR is unset or empty (as the shell
// does); the default may itself contain references. "$${" is a literal "${".
// A '$' not followed by '{' is kept as is.
// Throws Error(ErrorKind::config) at `where` (column moved to the reference
// when `where.column` is known) for an unset variable without default, an
// unterminated reference or an invalid variable name.
std::string interpolate(std::string_view text, const Environment& environment,
                        const SourceLocation& where);

}  // namespace retort::config
