"""How a live stream sizes its chunks: to fill a frame's period alone, and a share of it in a class."""
import pytest

from app.routers.live import MIN_TRAINING_SHARE, Pacer


def settle(pacer: Pacer, step_seconds: float, overhead: float, sharing: int) -> int:
    steps = pacer.next(10**9)
    for _ in range(60):  # grows at most 2x a frame, and the averages settle
        pacer.update(steps, steps * step_seconds, steps * step_seconds + overhead, sharing=sharing)
        steps = pacer.next(10**9)
    return steps


def test_alone_a_chunk_trains_for_the_period_less_the_rest_of_the_frame():
    steps = settle(Pacer(fps=30, fixed=None, cap=10_000), step_seconds=1e-4, overhead=0.010, sharing=1)
    assert steps == pytest.approx((1 / 30 - 0.010) / 1e-4, rel=0.02)


def test_in_a_class_the_training_time_of_a_period_is_shared_among_the_worker_s_streams():
    alone = settle(Pacer(fps=30, fixed=None, cap=10_000), 1e-4, 0.040, sharing=1)
    shared = settle(Pacer(fps=30, fixed=None, cap=10_000), 1e-4, 0.040, sharing=15)
    # Waiting for 14 other chunks makes the overhead longer than the period: the least share trains.
    assert alone == pytest.approx(MIN_TRAINING_SHARE / 30 / 1e-4, rel=0.02)
    assert shared == pytest.approx(alone / 15, rel=0.05)


def test_a_fixed_chunk_and_the_cap_are_kept():
    assert settle(Pacer(fps=30, fixed=7, cap=10_000), 1e-4, 0.0, sharing=30) == 7
    assert settle(Pacer(fps=1, fixed=None, cap=50), 1e-6, 0.0, sharing=1) == 50
    assert settle(Pacer(fps=60, fixed=None, cap=10_000), 1.0, 0.0, sharing=30) == 1
