"""A Webex Connect IVR written in Python with only the standard library: a pizza shop's order line.

Run it:  python3 order_status.py [port]      (default 8000; GET /health answers 200)
callspec plays the Webex Connect platform against it:
  npx callspec run 'examples/scenarios/python/*.yaml' --start "python3 examples/scenarios/python/order_status.py" \
      --wait-on http://127.0.0.1:8000/health
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ORDERS = {"1234": "is out for delivery and will be with you in 10 minutes", "5678": "is in the oven"}
MENU = "Welcome to Pizza Planet. Press 1 for your order status, or 2 for our opening hours. You can also say hours."
MENU_INPUT = {"collectInput": {"maxDigits": 1, "digitTimeout": 5}, "streamInput": {"timeout": 8, "language": "en-US"}}
ORDER_INPUT = {"collectInput": {"terminationDigit": "#", "digitTimeout": 5}}
HOURS = "We are open every day from 11 AM to 11 PM. Goodbye."

calls = {}  # sessionId -> {"stage": str, "tries": int}


def play(text, **inputs):
    return {"action": "PLAY", "audio": [{"type": "TTS", "text": text}], **inputs}


def on_event(event):
    session = event.get("sessionId")
    name = event.get("event")
    state = calls.setdefault(session, {"stage": "menu", "tries": 0})
    if name == "ACCEPTED":
        return {"action": "ANSWER"}
    if name == "ANSWERED":
        return play(MENU, **MENU_INPUT)
    if name == "COLLECTED_DIGITS":
        return on_digits(state, event.get("digitsReceived", ""))
    if name == "STREAMED":
        if event.get("status") == "SUCCESS" and "hour" in (event.get("text") or "").lower():
            state["stage"] = "goodbye"
            return play(HOURS)
        return play("Sorry, I did not catch that. " + MENU, **MENU_INPUT)
    if name == "PLAYED":
        return {"action": "HANGUP", "reason": "flow complete"}
    if name == "DROPPED":
        calls.pop(session, None)
        return None
    return None


def on_digits(state, digits):
    if state["stage"] == "menu":
        if digits == "1":
            state["stage"] = "order"
            return play("Please enter your order number, followed by the hash key.", **ORDER_INPUT)
        if digits == "2":
            state["stage"] = "goodbye"
            return play(HOURS)
        state["tries"] += 1
        if state["tries"] >= 2:
            state["stage"] = "goodbye"
            return play("Sorry, we could not help you today. Goodbye.")
        problem = "I did not hear a choice." if digits == "" else "That is not an option."
        return play(problem + " " + MENU, **MENU_INPUT)
    if state["stage"] == "order":
        state["stage"] = "goodbye"
        status = ORDERS.get(digits)
        if status is None:
            return play("We could not find order " + " ".join(digits) + ". Please call back with your order number. Goodbye.")
        return play("Order " + " ".join(digits) + " " + status + ". Goodbye.")
    return {"action": "HANGUP"}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Buffer each response so headers and body leave in one write (unbuffered, the body's
    # separate small packet waits on the client's delayed ACK: ~40 ms a turn).
    wbufsize = 64 * 1024

    def do_GET(self):
        if self.path == "/health":
            return self.reply(200, {"ok": True})
        return self.reply(404, {"error": "not found"})

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        try:
            event = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self.reply(400, {"error": "invalid JSON"})
        if self.path != "/webex/events":
            return self.reply(404, {"error": "not found"})
        action = on_event(event)
        if action is None:
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()
            return None
        return self.reply(200, action)

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        return None

    def log_message(self, fmt, *args):  # keep the test output quiet
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"order status IVR on http://127.0.0.1:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
