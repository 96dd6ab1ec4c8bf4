#!/usr/bin/env python3
"""Checks the deployment examples of docs/examples/ (docs/lambda.md, "Resumable runs").

    tests/examples/check_examples.py REPO_ROOT

For each Step Functions state machine (step-functions/*.asl.json, Amazon States Language):
StartAt and every Next, Default, Choice and Catch target exist; every state is reachable from
StartAt and can reach a terminal state; Succeed and Fail states exist; every Task and Pass state
either goes on or ends; a Choice tests the function's answer at `Payload.complete`; every loop is
bounded by a counter that a Choice compares, leading to a Fail state; every Retry has a
MaxAttempts cap; every Lambda task catches States.ALL into a Fail state; the Function.* error
names match retort's errorTypes (lib/src/lambda/invocation.cpp); an ecs:runTask.sync task runs
`upgrade head`. Then `bash -n` on the CI script, and the CDK construct names files that exist.
Exits 1 listing every problem. Standard library only.
"""

import json
import pathlib
import re
import subprocess
import sys

TERMINAL_TYPES = {"Succeed", "Fail"}
STATE_TYPES = {"Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"}
LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke"
ECS_RUN_SYNC = "arn:aws:states:::ecs:runTask.sync"
MAX_RETRY_ATTEMPTS = 10


def choice_rules(rule):
    """A Choice rule and the rules nested in its And/Or/Not."""
    yield rule
    for key in ("And", "Or"):
        for nested in rule.get(key, []):
            yield from choice_rules(nested)
    if "Not" in rule:
        yield from choice_rules(rule["Not"])


def targets(state):
    """(kind, target) of every transition out of a state."""
    found = []
    if "Next" in state:
        found.append(("Next", state["Next"]))
    if "Default" in state:
        found.append(("Default", state["Default"]))
    for rule in state.get("Choices", []):
        if "Next" in rule:
            found.append(("Choice", rule["Next"]))
    for catcher in state.get("Catch", []):
        if "Next" in catcher:
            found.append(("Catch", catcher["Next"]))
    return found


def reachable(states, start):
    seen, todo = set(), [start]
    while todo:
        name = todo.pop()
        if name in seen or name not in states:
            continue
        seen.add(name)
        todo.extend(target for _, target in targets(states[name]))
    return seen


def strongly_connected(states):
    """Tarjan's algorithm: the components of the transition graph, as sets of names."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []
    counter = [0]

    def visit(name):
        index[name] = low[name] = counter[0]
        counter[0] += 1
        stack.append(name)
        on_stack.add(name)
        for _, target in targets(states[name]):
            if target not in states:
                continue
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == name:
                    break
            components.append(component)

    for name in states:
        if name not in index:
            visit(name)
    return components


def is_loop(component, states):
    if len(component) > 1:
        return True
    (name,) = component
    return any(target == name for _, target in targets(states[name]))


def leads_to_fail(states, start):
    return any(states[name].get("Type") == "Fail" for name in reachable(states, start))


def check_machine(path, error_types):
    problems = []

    def problem(text):
        problems.append(f"{path.name}: {text}")

    try:
        machine = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        return [f"{path.name}: not JSON: {error}"]
    states = machine.get("States")
    if not isinstance(states, dict) or not states:
        return [f"{path.name}: no States"]
    start = machine.get("StartAt")
    if start not in states:
        problem(f"StartAt {start!r} is not a state")
        return problems

    for name, state in states.items():
        kind = state.get("Type")
        if kind not in STATE_TYPES:
            problem(f"state {name!r} has Type {kind!r}")
        for how, target in targets(state):
            if target not in states:
                problem(f"state {name!r}: {how} target {target!r} does not exist")
        if kind in TERMINAL_TYPES:
            if targets(state) or state.get("End"):
                problem(f"{kind} state {name!r} must not go on")
        elif kind == "Choice":
            if not state.get("Choices"):
                problem(f"Choice state {name!r} has no Choices")
            if any("Next" not in rule for rule in state.get("Choices", [])):
                problem(f"Choice state {name!r} has a rule without Next")
        elif ("Next" in state) == bool(state.get("End")):
            problem(f"state {name!r} needs exactly one of Next and End")
        for retrier in state.get("Retry", []):
            attempts = retrier.get("MaxAttempts")
            if not isinstance(attempts, int) or not 0 <= attempts <= MAX_RETRY_ATTEMPTS:
                problem(f"state {name!r}: a Retry needs MaxAttempts of 0-{MAX_RETRY_ATTEMPTS}")
        for catcher in state.get("Retry", []) + state.get("Catch", []):
            for error in catcher.get("ErrorEquals", []):
                if error.startswith("Function.") and error not in error_types:
                    problem(f"state {name!r}: {error} is not an errorType retort reports")

    seen = reachable(states, start)
    for name in states:
        if name not in seen:
            problem(f"state {name!r} is not reachable from {start!r}")
    terminals = {name for name, state in states.items() if state.get("Type") in TERMINAL_TYPES}
    terminals |= {name for name, state in states.items() if state.get("End")}
    if not any(states[name]["Type"] == "Succeed" for name in terminals):
        problem("no Succeed state")
    if not any(states[name]["Type"] == "Fail" for name in terminals):
        problem("no Fail state")
    for name in states:
        if not reachable(states, name) & terminals:
            problem(f"state {name!r} never reaches a terminal state")

    # The answer's "complete" decides the loop.
    completes = [
        (name, rule)
        for name, state in states.items()
        if state.get("Type") == "Choice"
        for top in state.get("Choices", [])
        for rule in choice_rules(top)
        if str(rule.get("Variable", "")).endswith("Payload.complete")
    ]
    if not completes:
        problem("no Choice tests the function's answer at Payload.complete")
    for name, rule in completes:
        if rule.get("BooleanEquals") is not True:
            problem(f"Choice {name!r} must test Payload.complete with BooleanEquals true")
        elif states[rule["Next"]]["Type"] != "Succeed" and not any(
            states[n]["Type"] == "Succeed" for n in reachable(states, rule["Next"])
        ):
            problem(f"Choice {name!r}: complete must lead to success")

    # Every loop has a bounded counter: a Pass that adds to it, and a Choice
    # that compares it and leaves the loop for a Fail state.
    for component in strongly_connected(states):
        if not is_loop(component, states):
            continue
        loop = ", ".join(sorted(component))
        counters = [
            name
            for name in component
            if states[name].get("Type") == "Pass"
            and "States.MathAdd" in json.dumps(states[name].get("Parameters", {}))
        ]
        bounds = [
            (name, top)
            for name in component
            if states[name].get("Type") == "Choice"
            for top in states[name].get("Choices", [])
            if any(key.startswith("Numeric") for key in top)
            and top.get("Next") not in component
            and leads_to_fail(states, top["Next"])
        ]
        if not counters:
            problem(f"the loop {loop} counts nothing (a Pass with States.MathAdd)")
        if not bounds:
            problem(f"the loop {loop} has no Choice that leaves it for a Fail state on a count")

    for name, state in states.items():
        if state.get("Type") != "Task":
            continue
        resource = state.get("Resource", "")
        if resource == LAMBDA_INVOKE:
            payload = state.get("Parameters", {}).get("Payload", {})
            if payload.get("argv") != ["upgrade", "head"]:
                problem(f"Lambda task {name!r} must send {{\"argv\": [\"upgrade\", \"head\"]}}")
            catch_all = [c for c in state.get("Catch", []) if c.get("ErrorEquals") == ["States.ALL"]]
            if not catch_all or not leads_to_fail(states, catch_all[0]["Next"]):
                problem(f"Lambda task {name!r} must catch States.ALL into a Fail state")
            elif state["Catch"][-1] is not catch_all[0]:
                problem(f"Lambda task {name!r}: States.ALL must be the last Catch")
        if resource == ECS_RUN_SYNC:
            overrides = state.get("Parameters", {}).get("Overrides", {})
            commands = [c.get("Command") for c in overrides.get("ContainerOverrides", [])]
            if commands != [["upgrade", "head"]]:
                problem(f"ECS task {name!r} must override the command with [\"upgrade\", \"head\"]")
    return problems


def check_fallback(path):
    """The ECS form takes over a step that cannot fit an invocation."""
    machine = json.loads(path.read_text())
    states = machine["States"]
    for state in states.values():
        for catcher in state.get("Catch", []):
            if "Function.StepTooLong" in catcher.get("ErrorEquals", []):
                target = states.get(catcher.get("Next"), {})
                if target.get("Resource") == ECS_RUN_SYNC:
                    return []
    return [f"{path.name}: Function.StepTooLong must lead to an {ECS_RUN_SYNC} task"]


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    examples = root / "docs" / "examples"
    invocation = (root / "lib" / "src" / "lambda" / "invocation.cpp").read_text()
    error_types = set(re.findall(r'"(Function\.[A-Za-z]+)"', invocation))
    problems = []

    machines = sorted((examples / "step-functions").glob("*.asl.json"))
    if len(machines) < 2:
        problems.append("expected the two state machines in docs/examples/step-functions/")
    for path in machines:
        problems += check_machine(path, error_types)
    fallback = examples / "step-functions" / "upgrade-with-ecs-fallback.asl.json"
    if fallback.exists():
        problems += check_fallback(fallback)
    else:
        problems.append(f"missing {fallback.relative_to(root)}")

    for script in sorted(examples.glob("*.sh")):
        syntax = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        if syntax.returncode != 0:
            problems.append(f"bash -n {script.name}: {syntax.stderr.strip()}")
    ci = (examples / "ci-invoke.sh").read_text()
    for needed in ("aws lambda invoke", "jq", "complete", "FunctionError"):
        if needed not in ci:
            problems.append(f"ci-invoke.sh does not mention {needed!r}")

    construct = examples / "cdk" / "resumable-migrations.ts"
    if not construct.exists():
        problems.append(f"missing {construct.relative_to(root)}")
    else:
        for name in re.findall(r'"([\w-]+\.asl\.json)"', construct.read_text()):
            if not (examples / "step-functions" / name).exists():
                problems.append(f"{construct.name} names {name}, which does not exist")

    for line in problems:
        print(line)
    print(f"{len(machines)} state machine(s), {len(list(examples.glob('*.sh')))} script(s): "
          f"{'ok' if not problems else f'{len(problems)} problem(s)'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
