"""How fast a simulated press reaches its action.

Run ``python benchmarks/bench_inputs.py``; ``run()`` returns the figures as
``{"name", "value", "unit", "target"}`` dicts.

- press → action: a simulated button press (mock pin driven low) until the
  action is called, median over many presses, bounce filter on (its default 50 ms)
  and off;
- key → action: a key pressed by name (preview page, window, Makey Makey);
- press → preview: until an ``on_change`` listener (the preview) hears of it;
- idle wake-ups with two buttons and no hold action: the process's voluntary context
  switches (``/proc/self/task/*/status``, every thread) over 5 s, with gpiozero's own
  ``Button`` (its hold thread polls at 10 Hz) and with the kit's (no hold thread).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import gpiozero

from fabrique_kit.devices import Devices, simulated_factory

PRESSES = 300
BOUNCED_PRESSES = 25


def _median_ms(samples: list[float]) -> float:
    return round(statistics.median(samples) * 1000, 4)


def _press_to_action(devices: Devices, button, presses: int, pause: float) -> list[float]:
    called: list[float] = []
    button.when_pressed = lambda: called.append(time.perf_counter())
    samples = []
    for _ in range(presses):
        start = time.perf_counter()
        devices.press(button.id)
        samples.append(called[-1] - start)
        devices.release(button.id)
        if pause:
            time.sleep(pause)
    return samples


IDLE_SECONDS = 5.0


def _context_switches() -> int:
    """The voluntary context switches of every thread of this process, so far."""
    total = 0
    for status in Path("/proc/self/task").glob("*/status"):
        try:
            for line in status.read_text().splitlines():
                if line.startswith("voluntary_ctxt_switches:"):
                    total += int(line.split()[1])
        except OSError:  # a thread that just ended
            continue
    return total


def _idle_wakeups_per_second() -> float:
    start = _context_switches()
    time.sleep(IDLE_SECONDS)
    return round((_context_switches() - start - 1) / IDLE_SECONDS, 1)  # - 1: this sleep


def idle_wakeups() -> tuple[float | None, float | None]:
    """Wake-ups per second with two idle buttons: gpiozero's ``Button``, then the kit's."""
    if not Path("/proc/self/task").is_dir():
        return None, None
    factory = simulated_factory()
    raw = [gpiozero.Button(pin, pin_factory=factory) for pin in (5, 6)]
    before = _idle_wakeups_per_second()
    for button in raw:
        button.close()
    with Devices(simulate=True, root="/nonexistent", pin_factory=simulated_factory()) as devices:
        for pin in (5, 6):
            devices.button(pin).when_pressed = lambda: None
        after = _idle_wakeups_per_second()
    return before, after


def run() -> list[dict]:
    """The inputs benchmark figures."""
    with Devices(simulate=True, root="/nonexistent", pin_factory=simulated_factory()) as devices:
        plain = devices.button(17, "Sans anti-rebond", bounce_time=None)
        plain_samples = _press_to_action(devices, plain, PRESSES, 0)

        bounced = devices.button(27, "Anti-rebond 50 ms", bounce_time=0.05)
        bounced_samples = _press_to_action(devices, bounced, BOUNCED_PRESSES, 0.06)

        heard: list[float] = []
        devices.on_change(lambda control: heard.append(time.perf_counter()))
        preview_samples = []
        for _ in range(PRESSES):
            start = time.perf_counter()
            devices.press(plain.id)
            preview_samples.append(heard[-1] - start)
            devices.release(plain.id)

        key = devices.key("espace", "Prendre un ticket")
        pressed: list[float] = []
        key.when_pressed = lambda: pressed.append(time.perf_counter())
        key_samples = []
        for _ in range(PRESSES):
            start = time.perf_counter()
            devices.keys.press("space")
            key_samples.append(pressed[-1] - start)
            devices.keys.release("space")

    before, after = idle_wakeups()
    return [
        {
            "name": "inputs.idle_wakeups_2_buttons_gpiozero_button",
            "value": before if before is not None else float("nan"),
            "unit": "/s",
            "target": "(before: gpiozero's hold thread, 10 Hz a button)" if before is not None else "n/a: no /proc",
        },
        {
            "name": "inputs.idle_wakeups_2_buttons_kit",
            "value": after if after is not None else float("nan"),
            "unit": "/s",
            "target": "< 1 /s (no hold thread without a hold action)" if after is not None else "n/a: no /proc",
        },
        {
            "name": "inputs.press_to_action_median",
            "value": _median_ms(plain_samples),
            "unit": "ms",
            "target": "< 5 ms",
        },
        {
            "name": "inputs.press_to_action_bounce_50ms_median",
            "value": _median_ms(bounced_samples),
            "unit": "ms",
            "target": "< 5 ms (the first edge is not delayed)",
        },
        {
            "name": "inputs.press_to_preview_notice_median",
            "value": _median_ms(preview_samples),
            "unit": "ms",
            "target": "< 5 ms",
        },
        {
            "name": "inputs.key_to_action_median",
            "value": _median_ms(key_samples),
            "unit": "ms",
            "target": "< 5 ms",
        },
    ]


if __name__ == "__main__":
    for figure in run():
        print(
            f"{figure['name']:45} {figure['value']:>10} {figure['unit']:3} target {figure['target']}"
        )
