"""Gunicorn settings: gevent workers (thousands of slow phones never block the site) and no personal data in logs."""

# The app is loaded once, before the workers fork (preload_app), so gevent must patch the standard
# library first, here: everything loaded after this runs on cooperative sockets.
from gevent import monkey

monkey.patch_all()

import os  # noqa: E402
import resource  # noqa: E402

bind = os.environ.get("POCKETRIGHTS_BIND", "127.0.0.1:5000")
# Each gevent worker serves many connections at once: a client that sends its request one byte at a
# time holds a cheap greenlet, not a thread, so everyone else keeps being served.
worker_class = "pocketrights.worker.Worker"  # gevent, with the security headers on gunicorn's own errors
workers = int(os.environ.get("POCKETRIGHTS_WORKERS", "2"))
worker_connections = int(os.environ.get("POCKETRIGHTS_CONNECTIONS", "4096"))
preload_app = True  # content parsed once; every worker shares it instead of holding its own copy
timeout = 30
graceful_timeout = 10
keepalive = 10  # also the time a client has to send a whole request: slow senders are cut off
# Small requests only: a know-your-rights page never needs big headers.
limit_request_line = 2048
limit_request_fields = 50
limit_request_field_size = 4096
# No access log unless asked for: even without addresses it is a record of which page was read when, and
# nobody needs it to serve the site. With it on, it names no address, agent, referrer or query.
accesslog = "-" if os.environ.get("POCKETRIGHTS_ACCESS_LOG", "off").lower() in ("on", "true", "1") else None
errorlog = "-"
logger_class = "pocketrights.serverlog.PrivateLogger"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'  # no address, agent, referrer or query
forwarded_allow_ips = os.environ.get("POCKETRIGHTS_FORWARDED_ALLOW_IPS", "")  # trust proxy headers only from these
control_socket_disable = True  # no runtime control socket: nothing written under $HOME


def on_starting(server):
    """Allow as many open connections as the system lets this process have."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))


def when_ready(server):
    """Start making the offline packs (ZIPs, ZIM) in a separate process, so that the site starts at once
    and no request waits; the workers, forked after this, find them when they are ready."""
    import gc
    import sys

    app = server.app.wsgi()
    app.extensions["pocketrights.packs"].start([sys.executable, "-m", "pocketrights.make_packs"])
    # Everything loaded so far lives as long as the server: out of the collector's sight, a collection in a
    # worker neither walks it (a pause for every request in flight) nor writes to its memory (which would
    # unshare those pages from the other workers).
    gc.collect()
    gc.freeze()
