"""compose.yaml and deploy/nginx.conf agree with each other and with what the app needs: every app
instance on the one database with a data volume of its own, every instance behind the proxy, the
proxy trusted for X-Forwarded-For, and live-training streams not buffered. (No container engine here
can pull postgres or nginx images, so the stack itself is not started in the tests.)"""
from __future__ import annotations

import ipaddress
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
NGINX = (ROOT / "deploy" / "nginx.conf").read_text()
APPS = {name: s for name, s in COMPOSE["services"].items() if s.get("build") == "."}


def test_two_app_instances_share_one_database_and_have_their_own_volume():
    assert len(APPS) >= 2
    urls = {s["environment"]["BACKPROP_LAB_DATABASE_URL"] for s in APPS.values()}
    assert len(urls) == 1
    url = urls.pop()
    db = COMPOSE["services"]["db"]["environment"]
    assert url.startswith(f"postgresql://{db['POSTGRES_USER']}:") and url.endswith(f"@db:5432/{db['POSTGRES_DB']}")
    volumes = [tuple(s["volumes"]) for s in APPS.values()]
    assert len(set(volumes)) == len(volumes)
    for service in APPS.values():
        assert service["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_proxy_sends_to_every_instance_and_is_trusted_for_the_clients_address():
    upstream = re.search(r"upstream backprop_lab \{(.*?)\}", NGINX, re.S).group(1)
    assert set(re.findall(r"server (\w+):8000", upstream)) == set(APPS)
    assert "ip_hash" not in upstream and "sticky" not in upstream  # every instance serves every network
    subnet = ipaddress.ip_network(COMPOSE["networks"]["lab"]["ipam"]["config"][0]["subnet"])
    for service in APPS.values():
        trusted = ipaddress.ip_network(service["environment"]["BACKPROP_LAB_TRUSTED_PROXIES"])
        assert subnet.subnet_of(trusted)
    mounted = COMPOSE["services"]["proxy"]["volumes"][0]
    assert mounted.startswith("./deploy/nginx.conf:")


def test_streams_are_not_buffered_and_posts_are_never_sent_twice():
    stream = NGINX[NGINX.index("train/stream"):]
    assert "proxy_buffering off;" in stream
    assert re.search(r"proxy_next_upstream error timeout;", NGINX)
    assert "non_idempotent" not in NGINX
