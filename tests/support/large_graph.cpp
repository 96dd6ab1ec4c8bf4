#include "support/large_graph.hpp"

#include <fmt/format.h>

#include <string>

#include "support/graph_builder.hpp"

namespace retort::testing {

std::vector<Revision> large_graph_revisions(std::size_t size) {
  GraphBuilder builder;
  std::size_t count = 0;
  auto next_id = [&] { return fmt::format("r{:07}", count++); };
  std::vector<std::string> main_line{next_id()};
  builder.rev(main_line.back());
  std::string side_tip;
  const std::size_t side_length = size / 20;

  while (count + 1 < size) {
    const std::string prev = main_line.back();
    if (main_line.size() == 100 && side_length > 0) {
      // The side branch: forks here, merges into the final head.
      side_tip = prev;
      for (std::size_t i = 0; i < side_length; ++i) {
        const std::string id = next_id();
        builder.rev(id, side_tip);
        if (i == 0) builder.label("side");
        side_tip = id;
      }
    }
    if (main_line.size() % 10 == 0 && count + 7 < size) {
      const std::string a1 = next_id(), a2 = next_id(), b1 = next_id(), b2 = next_id();
      builder.rev(a1, prev).rev(a2, a1).rev(b1, prev).rev(b2, b1);
      main_line.push_back(next_id());
      builder.rev(main_line.back(), {a2, b2});
    } else {
      main_line.push_back(next_id());
      builder.rev(main_line.back(), prev);
      if (main_line.size() % 50 == 7 && main_line.size() > 40) {
        builder.depends(main_line[main_line.size() - 40]);
      }
    }
  }
  if (!side_tip.empty()) builder.rev(next_id(), {main_line.back(), side_tip});
  return builder.revisions();
}

}  // namespace retort::testing
