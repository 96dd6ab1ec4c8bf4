// revision and merge: write a new migration file, validated first.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "commands/json_output.hpp"
#include "retort/commands.hpp"
#include "retort/migration_files.hpp"
#include "retort/target.hpp"

namespace retort {
namespace {

// What a new revision is made of, before ids and file names are chosen.
struct Draft {
  std::string command;  // "revision" or "merge", for the JSON document
  std::vector<RevIndex> parents;
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;
  std::string message;
  std::string rev_id;
};

std::string join_ids(const RevisionGraph& graph, const std::vector<RevIndex>& revisions) {
  std::string result;
  for (RevIndex r : revisions) result += (result.empty() ? "" : ", ") + graph.id(r);
  return result;
}

RevisionId choose_id(const RevisionGraph& graph, const std::string& requested) {
  if (requested.empty()) {
    for (;;) {  // 48 random bits: a clash is practically impossible, but cheap to rule out
      RevisionId id = random_revision_id();
      if (!graph.find_id(id.str()) && !graph.find_label(id.str())) return id;
    }
  }
  std::string why;
  auto id = RevisionId::parse(requested, &why);
  if (!id) throw Error(ErrorKind::usage, why, {}, "--rev-id takes 1-32 letters, digits or '_'");
  if (auto existing = graph.find_id(id->str())) {
    throw Error(
        ErrorKind::usage,
        fmt::format("revision {} already exists in {}", id->str(), graph.at(*existing).path), {},
        "choose another --rev-id, or leave it out for a random one");
  }
  return *id;
}

void check_labels(const RevisionGraph& graph, const std::vector<std::string>& labels) {
  for (const auto& label : labels) {
    std::string why;
    if (!is_valid_branch_label(label, &why)) throw Error(ErrorKind::usage, why);
    if (auto owner = graph.find_label(label)) {
      throw Error(ErrorKind::usage,
                  fmt::format("branch label '{}' is already used by revision {} ({})", label,
                              graph.id(*owner), graph.at(*owner).path),
                  {}, fmt::format("use `--head {}@head` to extend that branch", label));
    }
    if (graph.find_id(label)) {
      throw Error(ErrorKind::usage,
                  fmt::format("branch label '{}' is already a revision id", label));
    }
  }
}

void require_heads(const RevisionGraph& graph, const std::vector<RevIndex>& parents,
                   std::string_view hint) {
  for (RevIndex r : parents) {
    if (!graph.is_head(r)) {
      throw Error(ErrorKind::usage, fmt::format("revision {} is not a head revision", graph.id(r)),
                  {}, std::string(hint));
    }
  }
}

void add_unique(const RevisionGraph& graph, std::vector<RevIndex>& parents,
                const std::vector<RevIndex>& resolved) {
  for (RevIndex r : resolved) {
    if (std::find(parents.begin(), parents.end(), r) != parents.end()) {
      throw Error(ErrorKind::usage,
                  fmt::format("duplicate head revisions specified ({})", graph.id(r)));
    }
    parents.push_back(r);
  }
}

// --depends-on values: stored as the full id, or as the label when the value
// is one of the resolved revision's labels (docs/alembic-semantics.md §7.3).
std::vector<std::string> resolve_dependencies(const RevisionGraph& graph,
                                              const std::vector<std::string>& values) {
  std::vector<std::string> result;
  for (const auto& value : values) {
    const auto resolved = resolve_revisions(graph, value);
    if (resolved.size() != 1) {
      throw Error(ErrorKind::target,
                  fmt::format("--depends-on '{}' must name exactly one revision, not {}", value,
                              resolved.size()));
    }
    const auto& labels = graph.labels(resolved.front());
    const bool is_label = std::find(labels.begin(), labels.end(), value) != labels.end();
    result.push_back(is_label ? value : graph.id(resolved.front()));
  }
  return result;
}

// The file template with {slug} filled in, so truncate_slug_length applies.
std::string template_with_slug(const Config& config, const std::string& message) {
  std::string result = config.file_template;
  const std::string slug = slugify(message, config.truncate_slug_length);
  for (auto pos = result.find("{slug}"); pos != std::string::npos; pos = result.find("{slug}")) {
    result.replace(pos, 6, slug);
  }
  return result;
}

void create_revision(const CommandContext& context, const Draft& draft, Reporter& reporter) {
  const Config& config = context.config();
  const RevisionGraph& graph = context.graph();
  check_labels(graph, draft.branch_labels);
  NewRevision revision{choose_id(graph, draft.rev_id),
                       {},
                       draft.branch_labels,
                       draft.depends_on,
                       draft.message.empty() ? "empty message" : draft.message,
                       std::chrono::system_clock::now()};
  for (RevIndex r : draft.parents) revision.down_revisions.push_back(graph.at(r).id);

  // Validate before writing: the file must parse back and the graph with the
  // new revision must load, so nothing broken ever lands on disk.
  const std::string file_template = template_with_slug(config, revision.message);
  const auto path = config.script_location / expand_file_template(file_template, revision);
  std::vector<Revision> revisions;
  for (RevIndex r = 0; r < graph.size(); ++r) revisions.push_back(graph.at(r));
  revisions.push_back(parse_migration_file(render_migration_file(revision), path.string()));
  std::optional<RevisionGraph> with_new;
  try {
    with_new.emplace(std::move(revisions));
  } catch (const Error& error) {
    throw Error(error.kind(),
                fmt::format("the new revision would break the graph: {}", error.message()), {},
                "nothing was written");
  }

  const auto written = write_migration_file(config.script_location, file_template, revision);
  if (context.json()) {
    auto document = json_output::document(draft.command);
    document["path"] = written.string();
    document["revision"] = json_output::revision(*with_new, *with_new->find_id(revision.id.str()));
    document["revision"]["path"] = written.string();
    json_output::emit(reporter, document);
  } else {
    reporter.output(fmt::format("Generating {} ...  done", written.string()));
  }
}

}  // namespace

void run_revision(const CommandContext& context, const RevisionOptions& options,
                  Reporter& reporter) {
  const RevisionGraph& graph = context.graph();
  Draft draft{"revision", {}, {}, options.branch_labels, options.message, options.rev_id};
  for (const auto& head : options.heads) {
    if (head == "head" && graph.heads().size() > 1) {
      throw Error(ErrorKind::target,
                  "multiple heads are present; please specify the head revision on which the new "
                  "revision should be based, or perform a merge",
                  {},
                  fmt::format("the heads are {}; use --head <label>@head or --head <revision>, or "
                              "run `retort merge heads`",
                              join_ids(graph, graph.heads())));
    }
    add_unique(graph, draft.parents, resolve_revisions(graph, head));
  }
  if (!options.splice) {
    require_heads(graph, draft.parents,
                  "pass --splice to create a new branch from this revision, or use "
                  "--head <label>@head for the tip of a branch");
  }
  draft.depends_on = resolve_dependencies(graph, options.depends_on);
  create_revision(context, draft, reporter);
}

void run_merge(const CommandContext& context, const MergeOptions& options, Reporter& reporter) {
  const RevisionGraph& graph = context.graph();
  Draft draft{"merge", {}, {}, options.branch_labels, options.message, options.rev_id};
  for (const auto& text : options.revisions)
    add_unique(graph, draft.parents, resolve_revisions(graph, text));
  if (draft.parents.empty()) {
    throw Error(ErrorKind::usage, "nothing to merge: the revisions resolve to no revision", {},
                "name two or more heads, or `heads` for all of them (see `retort heads`)");
  }
  require_heads(graph, draft.parents, "merge joins heads; `retort heads` lists them");
  create_revision(context, draft, reporter);
}

}  // namespace retort
