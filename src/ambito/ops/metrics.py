"""Prometheus metrics at /metrics: django-prometheus's (request latency by route name,
responses by status, exceptions...) and the job queue's gauges, computed at scrape time.

With several gunicorn workers each process holds its own counters: when the environment
variable PROMETHEUS_MULTIPROC_DIR is set (deploy/gunicorn.conf.py and the systemd unit set it,
one folder per app server), prometheus_client writes them to files there and a scrape adds
up every worker's (MultiProcessCollector); gunicorn's child_exit hook marks dead workers.

Not public: only addresses in AMBITO_METRICS_ALLOWED_IPS (addresses or networks, default the
loopback) and only direct requests (a request that came through the proxy, i.e. carries
X-Forwarded-For, is refused); anyone else gets the ordinary 404 page."""

from __future__ import annotations

import ipaddress
import logging
import os

import prometheus_client
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

DEFAULT_ALLOWED = ("127.0.0.1", "::1")


class JobQueueCollector(Collector):
    """ambito_jobs_ready, ambito_jobs_running, ambito_jobs_oldest_ready_age_seconds by queue,
    read from django-tasks-db's table at each scrape; ambito_jobs_queue_up is 0 when the
    table could not be read (the scrape itself still succeeds)."""

    def describe(self):
        # Names only: registering must not query the database (AppConfig.ready).
        return self._families()

    @staticmethod
    def _families():
        return (
            GaugeMetricFamily(
                "ambito_jobs_ready", "Jobs ready to run, waiting for a worker.", labels=["queue"]
            ),
            GaugeMetricFamily("ambito_jobs_running", "Jobs being run.", labels=["queue"]),
            GaugeMetricFamily(
                "ambito_jobs_oldest_ready_age_seconds",
                "Seconds the oldest ready job has been waiting.",
                labels=["queue"],
            ),
            GaugeMetricFamily("ambito_jobs_queue_up", "1 if the job queue could be read."),
        )

    def collect(self):
        from .health import queue_stats

        ready, running, oldest, up = self._families()
        try:
            queues = queue_stats()
        except Exception:  # noqa: BLE001 - a scrape must not fail with the database
            logger.exception("job queue metrics unavailable")
            up.add_metric([], 0)
            return [up]
        for name in sorted(set(settings.TASKS["default"].get("QUEUES", [])) | set(queues)):
            stats = queues.get(name, {"ready": 0, "running": 0, "oldest_ready_age_seconds": 0})
            ready.add_metric([name], stats["ready"])
            running.add_metric([name], stats["running"])
            oldest.add_metric([name], stats["oldest_ready_age_seconds"])
        up.add_metric([], 1)
        return [ready, running, oldest, up]


job_queue_collector = JobQueueCollector()
_registered = False


def register() -> None:
    """Register the queue collector once with the process's default registry."""
    global _registered
    if not _registered:
        prometheus_client.REGISTRY.register(job_queue_collector)
        _registered = True


def multiprocess_mode() -> bool:
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def registry():
    if not multiprocess_mode():
        return prometheus_client.REGISTRY
    # Every worker's files, added up; plus the queue, which is the same for every process.
    aggregated = prometheus_client.CollectorRegistry(auto_describe=False)
    multiprocess.MultiProcessCollector(aggregated)
    aggregated.register(job_queue_collector)
    return aggregated


def allowed_networks():
    networks = []
    for item in getattr(settings, "AMBITO_METRICS_ALLOWED_IPS", DEFAULT_ALLOWED):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            logger.warning("AMBITO_METRICS_ALLOWED_IPS: %r is not an address or network", item)
    return networks


def allowed(request) -> bool:
    if request.META.get("HTTP_X_FORWARDED_FOR"):
        return False  # came through the proxy: scrapes go straight to the app server
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in allowed_networks())


@never_cache
def metrics(request):
    if request.method not in ("GET", "HEAD") or not allowed(request):
        raise Http404
    body = prometheus_client.generate_latest(registry())
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)
