// `retort revision`: a new migration file.
#include "retort/commands.hpp"
#include "subcommands.hpp"

namespace retort::cli {

void register_revision(CLI::App& app, Action& action) {
  auto options = std::make_shared<RevisionOptions>();
  auto* command = add_command(
      app, "revision", "Create a new migration file on top of the current head.",
      "The file is named by file_template (default {rev}_{slug}.sql) in script_location and\n"
      "has an empty upgrade and downgrade section to fill in. The new revision is checked\n"
      "against the existing ones (id, labels, parents) before anything is written.\n\n"
      "Examples:\n"
      "  retort revision -m \"add orders\"\n"
      "  retort revision -m \"add invoices\" --head base --branch-label billing\n"
      "  retort revision -m \"invoice lines\" --head billing@head\n"
      "  retort revision -m \"backfill\" --depends-on billing");
  command->add_option("-m,--message", options->message, "Message (the first line is the doc)");
  command
      ->add_option("--head", options->heads,
                   "Parent revision(s): head (default), <label>@head, base for a new root, an id")
      ->delimiter(',')
      ->allow_extra_args(false);
  command->add_flag("--splice", options->splice,
                    "Allow a parent that is not a head (starts a new branch)");
  command
      ->add_option("--branch-label", options->branch_labels,
                   "Declare a branch label on the new revision (repeatable)")
      ->allow_extra_args(false);
  command
      ->add_option("--depends-on", options->depends_on,
                   "A revision or label this one depends on without merging (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--rev-id", options->rev_id,
                      "Revision id (1-32 of [A-Za-z0-9_]; default: 12 random hex digits)");
  on_selected(command, action, options, &retort::run_revision);
}

}  // namespace retort::cli
