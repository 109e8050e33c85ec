"""Gunicorn settings: threaded workers (slow mobile clients do not block a worker) and no IP logging."""

import os

bind = os.environ.get("POCKETRIGHTS_BIND", "127.0.0.1:5000")
worker_class = "gthread"
workers = int(os.environ.get("POCKETRIGHTS_WORKERS", "2"))
threads = int(os.environ.get("POCKETRIGHTS_THREADS", "8"))
timeout = 30
graceful_timeout = 10
accesslog = "-"
# No remote address, user agent or referrer: only time, request line, status, size and duration.
access_log_format = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
forwarded_allow_ips = ""
control_socket_disable = True  # no runtime control socket: nothing written under $HOME
