"""Running a coroutine from a test."""
import asyncio
import threading


def run_async(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API keeps a loop running in this one
    when the browser tests ran earlier in the session."""
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]
