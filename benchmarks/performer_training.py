"""Training helpers shared by the benchmarks that train aimc.nn Performers
(lra.py, favor_error.py): a resumable AdamW loop with atomic checkpoints,
progress with an ETA, torch threads that follow the machine's load, and
the accuracy of a model.

    state = performer_training.train(model, x, y, params, path,
                                     factor=lambda t: 1.0, label="float")

`params` must hold "steps", "batch", "lr", "weight_decay" and is stored in
the checkpoint: a checkpoint whose params differ is not resumed. The
learning-rate schedule (`factor`) is not part of it, so callers keep it
fixed for a given params (e.g. derive it from params only).
"""

import copy
import os
import time

import numpy as np


def set_threads(spec):
    """Sets torch's thread count: a number, or "auto": all cores when the
    1-minute load average, less this process's own threads, is below 0.5
    (the machine is otherwise idle), else one. More threads than free
    cores only spin: a float step of the LRA image task took 11 s with 2
    threads on the loaded 2-core machine, 2.9 s with one. Returns the
    count in use."""
    import torch
    if spec != "auto":
        torch.set_num_threads(int(spec))
        return int(spec)
    cores = os.cpu_count() or 1
    own = torch.get_num_threads()
    threads = cores if os.getloadavg()[0] - own < 0.5 else 1
    if threads != own:
        torch.set_num_threads(threads)
    return threads


def predict(model, x, batch=250):
    """The classes `model` predicts for x (eval mode, no gradients); the
    model's training flag is restored."""
    import torch
    was = model.training
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(torch.from_numpy(x[i:i + batch])).argmax(-1)
                          for i in range(0, len(x), batch)])
    model.train(was)
    return pred.numpy()


def accuracy(model, x, y, batch=250):
    """Fraction of x classified as y by `model` (eval mode, no gradients);
    the model's training flag is restored."""
    return float((predict(model, x, batch) == y).mean())


def save(path, params, model, opt, sched, state, best=None):
    """Writes a checkpoint atomically (a temporary file, then a rename);
    `best` is the state dict of the model selected so far (see train's
    `select`), or None."""
    import torch
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    torch.save({"params": params, "model": model.state_dict(),
                "opt": opt.state_dict(), "sched": sched.state_dict(),
                "state": state, "best": best}, tmp)
    os.replace(tmp, path)


def train(model, x, y, params, path, factor, label, data_seed,
          log=print, log_every=50, threads=1, after_step=None, finish=None,
          show_path=None, select=None):
    """Trains `model` in place for params["steps"] AdamW steps (lr
    params["lr"] times factor(step), weight decay params["weight_decay"],
    batches of params["batch"] from a permutation of x per epoch seeded
    with [data_seed, epoch]), resuming from the checkpoint at `path` if its
    params are equal; saved every minute and at the end. after_step(model)
    runs after every optimizer step (e.g. aimc.nn.clip_weights); at the
    end finish(model) returns a dict merged into the state (e.g. the
    accuracies). Logs progress with an ETA every `log_every` steps;
    `threads` as in set_threads (re-checked at every log line).

    select=(every, score): model selection (e.g. by validation accuracy;
    never by test accuracy): score(model) (eval mode, no gradients) is
    computed every `every` steps and at the last step, and the model with
    the highest score (the later one on a tie) is the result, loaded into
    `model` before finish(model). The scoring draws no random numbers, so
    the training itself is the same with or without it; callers put
    `every` into params. state then also has "selected_step",
    "selected_score" and "scores" ([step, score] pairs).

    Returns (state, trained_now): state has "step", "seconds" (total
    training time), "done" and what finish returned. The model is in eval
    mode afterwards."""
    import torch
    steps = params["steps"]
    set_threads(threads)
    opt = torch.optim.AdamW(model.parameters(), lr=params["lr"],
                            weight_decay=params["weight_decay"])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, factor)
    state = {"step": 0, "seconds": 0.0, "done": False}
    best = None
    if select is not None:
        state.update(selected_step=None, selected_score=None, scores=[])
    if os.path.exists(path):
        ckpt = torch.load(path)
        if ckpt.get("params") == params:
            model.load_state_dict(ckpt["model"])
            opt.load_state_dict(ckpt["opt"])
            sched.load_state_dict(ckpt["sched"])
            state = ckpt["state"]
            best = ckpt.get("best")
    trained_now = not state["done"]
    if trained_now:
        log(f"{label}: {steps} steps from step {state['step']} "
            f"({show_path or path})")
        model.train()
        start, last_save, base = time.time(), time.time(), state["seconds"]
        first = state["step"]
        per_epoch = max(1, len(x) // params["batch"])
        torch.manual_seed(data_seed * 1000003 + state["step"])
        while state["step"] < steps:
            epoch, at = divmod(state["step"], per_epoch)
            perm = np.random.default_rng([data_seed, epoch]) \
                .permutation(len(x))
            idx = perm[at * params["batch"]:(at + 1) * params["batch"]]
            loss = torch.nn.functional.cross_entropy(
                model(torch.from_numpy(x[idx])), torch.from_numpy(y[idx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if after_step is not None:
                after_step(model)
            state["step"] += 1
            state["seconds"] = base + time.time() - start
            done = state["step"]
            if done % log_every == 0 or done == steps:
                used = set_threads(threads)
                elapsed = time.time() - start
                eta = elapsed / max(1, done - first) * (steps - done)
                log(f"  {label} step {done}/{steps} loss {loss.item():.3f} "
                    f"lr {sched.get_last_lr()[0]:.2e} "
                    f"({state['seconds']:.0f} s, ETA {eta:.0f} s, {used} "
                    f"thread{'s' if used > 1 else ''})")
            if select is not None and (done % select[0] == 0
                                       or done == steps):
                model.eval()
                with torch.no_grad():
                    score = float(select[1](model))
                model.train()
                state["scores"].append([done, score])
                if best is None or score >= state["selected_score"]:
                    best = copy.deepcopy(model.state_dict())
                    state["selected_step"] = done
                    state["selected_score"] = score
                log(f"  {label} step {done}: selection score {score:.4g} "
                    f"(best {state['selected_score']:.4g} at step "
                    f"{state['selected_step']})")
            if time.time() - last_save > 60 or done == steps:
                if done == steps:
                    state["done"] = True
                    if best is not None:
                        model.load_state_dict(best)
                        log(f"{label}: selected the model of step "
                            f"{state['selected_step']} (score "
                            f"{state['selected_score']:.4g})")
                    if finish is not None:
                        state.update(finish(model))
                save(path, params, model, opt, sched, state, best)
                last_save = time.time()
        if steps == 0:
            state["done"] = True
            if finish is not None:
                state.update(finish(model))
    model.eval()
    return state, trained_now
