"""How fast a simulated press reaches its action.

Run ``python benchmarks/bench_inputs.py``; ``run()`` returns the figures as
``{"name", "value", "unit", "target"}`` dicts.

- press → action: a simulated button press (mock pin driven low) until the
  action is called, median over many presses, bounce filter on (its default 50 ms)
  and off;
- key → action: a key pressed by name (preview page, window, Makey Makey);
- press → preview: until an ``on_change`` listener (the preview) hears of it.
"""

from __future__ import annotations

import statistics
import time

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

    return [
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
