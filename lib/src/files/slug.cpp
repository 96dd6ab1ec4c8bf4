// slugify(): Alembic's slug rule (docs/alembic-semantics.md §7.3) on UTF-8 text.
//
// Alembic uses Python's \w (Unicode letters, digits, '_') and str.lower().
// Without Unicode tables this file approximates both:
//  * word characters are ASCII letters, digits and '_', and every non-ASCII
//    code point except the common punctuation and symbol blocks below (so
//    letters of any script are kept, while '—', '«', '€', '→' or emoji
//    separate words as in Alembic); bytes that are not valid UTF-8 separate
//    words too;
//  * lowercasing covers ASCII, Latin-1, Latin Extended-A, basic Greek and
//    Cyrillic; other scripts are kept as written;
//  * lengths count code points, as Python does, and cuts never split one.
#include <string>
#include <vector>

#include "retort/migration_files.hpp"

namespace retort {
namespace {

constexpr char32_t k_invalid = 0xFFFFFFFF;

// Decodes the code point at text[*pos] and advances *pos; k_invalid (after
// one byte) for a malformed sequence.
char32_t decode(std::string_view text, std::size_t* pos) {
  auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(*pos);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || *pos + static_cast<std::size_t>(length) > text.size()) {
    ++*pos;
    return k_invalid;
  }
  static constexpr unsigned char k_lead_mask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = lead & k_lead_mask[length];
  for (int i = 1; i < length; ++i) {
    unsigned char next = byte(*pos + static_cast<std::size_t>(i));
    if ((next & 0xC0) != 0x80) {
      ++*pos;
      return k_invalid;
    }
    cp = (cp << 6) | (next & 0x3F);
  }
  static constexpr char32_t k_min[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < k_min[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++*pos;
    return k_invalid;
  }
  *pos += static_cast<std::size_t>(length);
  return cp;
}

void encode(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool in(char32_t cp, char32_t first, char32_t last) {
  return cp >= first && cp <= last;
}

bool is_word(char32_t cp) {
  if (cp < 0x80) {
    return in(cp, 'a', 'z') || in(cp, 'A', 'Z') || in(cp, '0', '9') || cp == '_';
  }
  if (in(cp, 0x80, 0xBF)) {
    // C1 controls and Latin-1 punctuation, except ª ² ³ µ ¹ º ¼ ½ ¾.
    return cp == 0xAA || cp == 0xB2 || cp == 0xB3 || cp == 0xB5 || cp == 0xB9 || cp == 0xBA ||
           in(cp, 0xBC, 0xBE);
  }
  return !(cp == 0xD7 || cp == 0xF7 ||  // × ÷
           in(cp, 0x0300, 0x036F) ||    // combining marks
           in(cp, 0x2000, 0x206F) ||    // general punctuation
           in(cp, 0x20A0, 0x20FF) ||    // currency symbols
           in(cp, 0x2190, 0x2BFF) ||    // arrows, math, technical, box drawing, dingbats
           in(cp, 0x3000, 0x303F) ||    // CJK punctuation
           in(cp, 0xE000, 0xF8FF) ||    // private use
           in(cp, 0xFE10, 0xFE6F) ||    // vertical and small forms
           in(cp, 0xFF01, 0xFF0F) || in(cp, 0xFF1A, 0xFF20) || in(cp, 0xFF3B, 0xFF40) ||
           in(cp, 0xFF5B, 0xFF65) ||    // fullwidth punctuation
           in(cp, 0x1F000, 0x1FAFF) ||  // emoji and pictographs
           cp == 0xFEFF);
}

char32_t to_lower(char32_t cp) {
  if (in(cp, 'A', 'Z') || (in(cp, 0xC0, 0xDE) && cp != 0xD7)) return cp + 0x20;
  if (cp == 0x130) return 'i';  // İ (Python gives "i" plus a combining dot)
  if (in(cp, 0x100, 0x137) || in(cp, 0x14A, 0x177)) return cp | 1;         // pairs: upper is even
  if (in(cp, 0x139, 0x148) || in(cp, 0x179, 0x17E)) return cp + (cp & 1);  // upper is odd
  if (cp == 0x178) return 0xFF;                                            // Ÿ
  if (in(cp, 0x391, 0x3A9) && cp != 0x3A2) return cp + 0x20;               // Greek
  if (in(cp, 0x410, 0x42F)) return cp + 0x20;                              // Cyrillic
  if (in(cp, 0x400, 0x40F)) return cp + 0x50;
  return cp;
}

}  // namespace

std::string slugify(std::string_view message, std::size_t max_length) {
  if (max_length == 0) max_length = 40;  // as Alembic's truncate_slug_length
  std::u32string slug;
  bool in_word = false;
  for (std::size_t pos = 0; pos < message.size();) {
    char32_t cp = decode(message, &pos);
    if (cp == k_invalid || !is_word(cp)) {
      in_word = false;
      continue;
    }
    if (!in_word && !slug.empty()) slug += U'_';
    in_word = true;
    slug += to_lower(cp);
  }
  if (slug.size() > max_length) {
    slug.resize(max_length);
    std::size_t last = slug.rfind(U'_');
    if (last != std::u32string::npos) slug.resize(last);
    slug += U'_';
  }
  std::string out;
  for (char32_t cp : slug) encode(cp, &out);
  return out;
}

}  // namespace retort
