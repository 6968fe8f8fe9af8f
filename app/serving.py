"""The HTTP protocol `python -m app` serves with: uvicorn's h11 protocol with Nagle's algorithm off.

With more than one worker, uvicorn opens the shared socket with protocol number 0, and asyncio
turns Nagle off only on connections of a socket opened as IPPROTO_TCP. Every answer on a
kept-alive connection (a browser's, after its first request) then waited about 40 ms for the
client's delayed ACK before its body went out.
"""
import socket

from uvicorn.protocols.http.h11_impl import H11Protocol


class NoDelayH11Protocol(H11Protocol):
    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
