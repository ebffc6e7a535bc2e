"""Qt-free change notification: a model emits, any number of views listen.

A tiny replacement for Qt signals so that models stay importable without Qt (see
CONVENTIONS.md). Callbacks run synchronously in the emitting thread, in connection order.
"""
from __future__ import annotations

from typing import Any, Callable


class Signal:
    """One kind of change. ``connect`` a callable, ``emit`` a value to every callback."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._callbacks: list[Callable[[Any], None]] = []
        self._blocked = 0

    def connect(self, callback: Callable[[Any], None]) -> Callable[[Any], None]:
        """Register ``callback`` (called with the emitted value); returns it, so it works as a decorator."""
        if callback not in self._callbacks:
            self._callbacks.append(callback)
        return callback

    def disconnect(self, callback: Callable[[Any], None]) -> None:
        """Remove ``callback``; a callback that was never connected is ignored."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def emit(self, value: Any = None) -> None:
        """Call every connected callback with ``value`` unless the signal is blocked."""
        if self._blocked:
            return
        for callback in list(self._callbacks):
            callback(value)

    def blocked(self) -> "_Blocker":
        """Context manager that silences the signal, for a view mirroring the model back."""
        return _Blocker(self)

    def __len__(self) -> int:
        return len(self._callbacks)


class _Blocker:
    def __init__(self, signal: Signal) -> None:
        self._signal = signal

    def __enter__(self) -> Signal:
        self._signal._blocked += 1
        return self._signal

    def __exit__(self, *exc: object) -> None:
        self._signal._blocked -= 1


class EventGroup:
    """Named signals of one model: ``model.events.visible.connect(cb)``."""

    def __init__(self, *names: str) -> None:
        for name in names:
            setattr(self, name, Signal(name))
        self._names = names

    def __iter__(self):
        return (getattr(self, n) for n in self._names)
