// Checksums of migration sections, for drift detection.
#pragma once

#include <string>
#include <string_view>

namespace retort::migrator {

// "sha256:<64 hex digits>" of `section_text` after normalisation: a leading
// UTF-8 BOM dropped, CRLF and CR turned into LF, trailing spaces and tabs of
// every line removed, trailing empty lines removed. The algorithm's name is
// part of the value so that a later rule never flags rows written under an
// older one.
std::string section_checksum(std::string_view section_text);

}  // namespace retort::migrator
