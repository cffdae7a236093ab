"""``ipo-graph serve`` with real HTTP requests: answers, formats, refusals and limits.

Each server is the real command in a subprocess on a free loopback port; the fixtures
poll until it answers and stop it afterwards (and check its Oxigraph server stops too).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from ipo_graph.api import IpoGraph
from ipo_graph.cli import main
from ipo_graph.errors import UsageError
from ipo_graph.execution import QuerySyntaxError, execute
from ipo_graph.privacy import without_personal_data
from ipo_graph.queryfiles import named_queries
from ipo_graph.serve import bind_socket
from oxigraph_server import free_port
from support import PROVINCE_SLUGS, assert_every_query_answers_as_locally

TIMEOUT = 3  # seconds: generous for the competency queries, short for the test of the limit
MAX_MB = "0.5"
ORG = "http://www.w3.org/ns/org#"
IPOD = "https://w3id.org/ipo-graph/id/"
MEMBERS = (
    "PREFIX org: <http://www.w3.org/ns/org#>\n"
    "SELECT ?m WHERE { ?m org:memberOf <https://w3id.org/ipo-graph/id/ipo> } ORDER BY ?m"
)
# Twelve provinces, from both source documents (the IPO's members).
PROVINCES = set(PROVINCE_SLUGS)
PATHOLOGICAL = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
    "?m ?n1 ?o . ?p ?q ?r . ?s ?t ?u }"
)


@dataclass
class Served:
    base: str
    process: subprocess.Popen[bytes]
    output: Path  # what serve printed (stdout and stderr), in a file: a pipe could fill up

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"


def children(pid: int) -> list[int]:
    """Child process ids (Linux ``/proc``); empty where that is not available."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(x) for x in task.read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


def start_serve(*extra: str, env: dict[str, str] | None = None) -> Served:
    port = free_port()
    output = Path(tempfile.mkdtemp(prefix="serve-test-")) / "output.txt"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "ipo_graph", "serve", "--port", str(port), *extra],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early: {output.read_text()}")
        try:
            if httpx.get(f"{base}/", timeout=1).status_code == 200:
                return Served(base, process, output)
        except httpx.TransportError:
            time.sleep(0.1)  # pause between polls
    process.kill()
    process.wait()
    raise AssertionError("serve did not answer within 120 s")


def stop_serve(served: Served) -> list[int]:
    """SIGTERM, as a service manager would; returns the processes serve had started."""
    engines = children(served.process.pid)
    served.process.send_signal(signal.SIGTERM)
    try:
        served.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()
        raise
    return engines


@pytest.fixture(scope="module")
def served() -> Iterator[Served]:
    running = start_serve("--timeout", str(TIMEOUT), "--max-result-mb", MAX_MB)
    try:
        yield running
    finally:
        engines = stop_serve(running)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in engines) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(pid) for pid in engines), "Oxigraph outlived serve"


@pytest.fixture(scope="module")
def public(kg: IpoGraph) -> Graph:
    return without_personal_data(kg.graph)


pytestmark = pytest.mark.integration


def ask(served: Served, query: str) -> httpx.Response:
    return httpx.post(
        served.sparql,
        data={"query": query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )


# --- the page ---------------------------------------------------------------------------


def test_serve_listens_on_loopback_and_says_where(served: Served, public: Graph) -> None:
    assert served.base.startswith("http://127.0.0.1:")
    said = served.output.read_text()
    assert f"serving {len(public)} triples at {served.base}/ (SPARQL: /sparql;" in said
    assert "Traceback" not in said
    assert httpx.get(f"{served.base}/", timeout=5).headers["content-type"].startswith("text/html")


def test_the_page_uses_the_vendored_yasgui_and_nothing_from_elsewhere(served: Served) -> None:
    page = httpx.get(f"{served.base}/", timeout=5)
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert 'src="static/yasgui/yasgui.min.js"' in page.text
    assert "//" not in "".join(
        line for line in page.text.splitlines() if "src=" in line or "href=" in line
    )
    js = httpx.get(f"{served.base}/static/yasgui/yasgui.min.js", timeout=5)
    assert js.status_code == 200 and "Yasgui" in js.text


def test_the_page_offers_every_competency_question(served: Served) -> None:
    examples = httpx.get(f"{served.base}/examples.json", timeout=5).json()
    by_name = {e["name"]: e for e in examples}
    assert set(by_name) == set(named_queries())
    dated = by_name["posts-on"]
    assert dated["question_en"].startswith("Which posts existed on date D")
    # parameters carry their defaults, as a VALUES block the reader can edit
    assert (
        'VALUES (?date) { ("2025-12-19"^^<http://www.w3.org/2001/XMLSchema#date>) }'
        in (dated["query"])
    )


# --- answers ----------------------------------------------------------------------------


def test_every_competency_query_answers_over_http_as_locally(served: Served, public: Graph) -> None:
    assert_every_query_answers_as_locally(served.sparql, public, same_order=False)


def member_slugs(iris: list[str]) -> set[str]:
    """Province IRIs → their slugs (``ipod:provincie-groningen`` → ``groningen``)."""
    return {re.sub(r"^provincie[-/]", "", i.removeprefix(IPOD)) for i in iris}


@pytest.mark.parametrize("method", ["GET", "POST form", "POST sparql-query"])
def test_select_in_json_xml_csv_and_tsv(served: Served, method: str) -> None:
    for accept in (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ):
        if method == "GET":
            r = httpx.get(served.sparql, params={"query": MEMBERS}, headers={"Accept": accept})
        elif method == "POST form":
            r = httpx.post(served.sparql, data={"query": MEMBERS}, headers={"Accept": accept})
        else:
            r = httpx.post(
                served.sparql,
                content=MEMBERS.encode(),
                headers={"Accept": accept, "Content-Type": "application/sparql-query"},
            )
        assert r.status_code == 200, (method, accept, r.text)
        assert r.headers["content-type"].startswith(accept), accept
        if "json" in accept:
            iris = [b["m"]["value"] for b in r.json()["results"]["bindings"]]
        elif "xml" in accept:
            ns = {"r": "http://www.w3.org/2005/sparql-results#"}
            iris = [u.text or "" for u in ET.fromstring(r.content).iterfind(".//r:uri", ns)]
        elif accept == "text/csv":
            rows = list(csv.reader(io.StringIO(r.text)))
            assert rows[0] == ["m"]
            iris = [row[0] for row in rows[1:]]
        else:
            lines = r.text.strip().split("\n")
            assert lines[0] == "?m"
            iris = [line.strip("<>") for line in lines[1:]]
        assert member_slugs(iris) == PROVINCES, (method, accept)


def test_construct_comes_as_turtle(served: Served) -> None:
    r = httpx.post(
        served.sparql,
        data={
            "query": "PREFIX org: <http://www.w3.org/ns/org#>\n"
            "CONSTRUCT { ?m org:memberOf ?ipo } WHERE { ?m org:memberOf ?ipo }"
        },
        headers={"Accept": "text/turtle"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    members = g.subjects(URIRef(f"{ORG}memberOf"), URIRef(f"{IPOD}ipo"))
    assert member_slugs([str(m) for m in members]) == PROVINCES


def test_form_charset_is_accepted_and_other_bodies_are_refused(served: Served) -> None:
    r = httpx.post(
        served.sparql,
        content=b"query=ASK%20%7B%7D",
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
            "Accept": "application/sparql-results+json",
        },
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    r = httpx.post(served.sparql, content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert httpx.get(served.sparql).status_code == 400  # no query at all


def test_a_bad_accept_header_is_refused_with_406(served: Served) -> None:
    r = httpx.get(served.sparql, params={"query": MEMBERS}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_an_overlong_request_is_refused(served: Served) -> None:
    padding = "#" + "x" * (2 * 1024 * 1024) + "\nASK {}"
    assert ask(served, padding).status_code == 413


def test_a_query_with_a_syntax_error_gets_400_with_the_reason(served: Served) -> None:
    r = ask(served, "SELECT ?x WHERE { ?x ?y }")
    assert r.status_code == 400 and r.text.strip()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { ipod:bij12 ?p }",  # a project prefix, declared on the first line
        "SELECT * WHERE {\n  ipod:bij12 ?p ?o ?x }",  # on a later line
        "SELECT * WHERE { ?s ?p }",  # none
    ],
)
def test_a_syntax_error_is_placed_in_the_query_as_sent(served: Served, query: str) -> None:
    """Regression: Oxigraph's position counted the project prefixes put before the query
    (1:78 where ``ipo-graph query`` says 1:32)."""
    with pytest.raises(QuerySyntaxError) as local:
        execute(query, {}, ox.Store())
    r = ask(served, query)
    assert r.status_code == 400
    assert r.text.startswith(f"error at {local.value.line}:{local.value.column}: "), r.text


# --- refusals and limits ----------------------------------------------------------------

INSERT = "INSERT DATA { <https://example.org/x> <https://example.org/p> 1 }"


def test_updates_are_refused_everywhere(served: Served) -> None:
    before = ask(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()
    attempts = [
        httpx.post(
            served.sparql,
            content=INSERT.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
        httpx.post(served.sparql, data={"update": INSERT}),
        httpx.get(served.sparql, params={"update": INSERT}),
        httpx.post(f"{served.base}/update", data={"update": INSERT}),
        httpx.post(
            f"{served.base}/update",
            content=INSERT.encode(),
            headers={"Content-Type": "application/sparql-update"},
        ),
    ]
    assert [a.status_code for a in attempts] == [403] * len(attempts)
    assert "read-only" in attempts[0].text
    after = ask(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").json()
    assert after == before
    assert ask(served, "ASK { <https://example.org/x> ?p ?o }").json()["boolean"] is False


def test_federated_queries_are_refused_and_nothing_is_fetched(served: Served) -> None:
    """Regression: Oxigraph's server fetched whatever a SERVICE clause named, from the
    serving machine, and answered 200 with the fetch's error inside the JSON."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ ?s ?p ?o . service silent <http://127.0.0.1:{port}/> {{ }} }}",
            # regression: a SERVICE right after the dot that ends a pattern was let through
            f"SELECT * WHERE {{ ?s ?p ?o .SERVICE <http://127.0.0.1:{port}/x> {{ ?a ?b ?c }} }}",
            f"SELECT * WHERE {{ ?s ?p true.SERVICE <http://127.0.0.1:{port}/x> {{ }} }}",
        ):
            answer = ask(served, query)
            assert answer.status_code == 403
            assert "SERVICE (a call to another endpoint) is refused" in answer.text
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody came
    # the word itself is fine where it is not a clause: a variable, a name, a string
    for query in (
        "SELECT ?service WHERE { BIND('SERVICE' AS ?service) }",
        "PREFIX service: <https://example.org/> ASK { ?s service:x ?o }",
        "ASK { ?s <https://example.org/SERVICE> ?o } # SERVICE <http://x/>",
    ):
        assert ask(served, query).status_code == 200, query


def test_a_pathological_query_is_stopped_and_the_endpoint_recovers(served: Served) -> None:
    engines_before = children(served.process.pid)
    started = time.monotonic()
    r = ask(served, PATHOLOGICAL)
    took = time.monotonic() - started
    assert r.status_code == 503
    assert f"limit of {TIMEOUT} s" in r.text
    assert took < TIMEOUT + 10
    if engines_before:  # the Oxigraph process doing the work is gone, not left computing
        assert not any(alive(pid) for pid in engines_before)
        assert children(served.process.pid) and children(served.process.pid) != engines_before
    again = ask(served, MEMBERS)  # the engine was replaced; the next question is answered
    assert again.status_code == 200
    assert len(again.json()["results"]["bindings"]) == 12


def test_an_answer_over_the_size_limit_is_refused(served: Served) -> None:
    r = httpx.post(
        served.sparql,
        data={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
        timeout=30,
    )
    assert r.status_code == 422
    assert f"larger than the limit of {MAX_MB} MB" in r.text


def test_personal_data_is_not_served(served: Served) -> None:
    query = (
        "PREFIX ipo: <https://w3id.org/ipo-graph/def#>\n"
        "ASK { { ?s ipo:workEmail ?o } UNION { ?s ipo:workPhone ?o } }"
    )
    assert ask(served, query).json()["boolean"] is False


def test_personal_data_is_served_when_asked(kg: IpoGraph) -> None:
    running = start_serve("--include-personal")
    try:
        query = "PREFIX ipo: <https://w3id.org/ipo-graph/def#>\nASK { ?s ipo:workEmail ?o }"
        assert ask(running, query).json()["boolean"] is True
    finally:
        stop_serve(running)


def test_serve_opens_the_query_cache_entry_itself(tmp_path: Path) -> None:
    """No copy of the graph: Oxigraph serves the public variant of the query cache."""
    cache = tmp_path / "cache"
    running = start_serve(env={**os.environ, "IPO_GRAPH_CACHE": str(cache)})
    try:
        (entry,) = [p for p in cache.iterdir() if len(p.name) == 64]
        engines = children(running.process.pid)
        cmdlines = [Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in engines]
        assert any(str(entry).encode() in cmd for cmd in cmdlines), cmdlines
        query = "PREFIX ipo: <https://w3id.org/ipo-graph/def#>\nASK { ?s ipo:workEmail ?o }"
        assert ask(running, query).json()["boolean"] is False
    finally:
        stop_serve(running)


def test_a_taken_port_is_a_clear_error() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "ipo_graph", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        with pytest.raises(UsageError, match="already in use"):
            bind_socket("127.0.0.1", port)
    assert done.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("host", ["", " "])
def test_an_empty_host_is_named_with_its_value(
    host: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Regression: ``--host ''`` (an unset shell variable) said "cannot listen on :
    Name or service not known", which hides that the value given was empty."""
    with pytest.raises(SystemExit) as stop:
        main(["serve", "--host", host, "--port", "0"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == (
        f"ipo-graph serve: error: argument --host: empty value given ({host!r})"
    )


@pytest.mark.parametrize(
    ("option", "value", "reason"),
    [
        ("--timeout", "inf", "must be a finite number"),
        ("--max-result-mb", "inf", "must be a finite number"),
        ("--timeout", "1e308", "must be at most 1e+19"),
        ("--timeout", "2e19", "must be at most 1e+19"),
        ("--max-result-mb", "1e308", "must be at most 1e+12"),
    ],
)
def test_a_limit_beyond_what_can_be_kept_is_a_usage_error(
    option: str, value: str, reason: str
) -> None:
    """Regression: ``inf`` crashed with an OverflowError traceback and ``1e308`` seconds
    passed Oxigraph's own "number too large" through, both with exit code 1."""
    done = subprocess.run(
        [sys.executable, "-m", "ipo_graph", "serve", "--port", str(free_port()), option, value],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == f"ipo-graph serve: error: argument {option}: {reason}"
    assert "Traceback" not in done.stderr


def test_the_largest_limits_are_kept() -> None:
    """The maxima are no more than Oxigraph's --timeout-s and a buffer can take."""
    running = start_serve("--timeout", "1e19", "--max-result-mb", "1e12")
    try:
        assert "time limit 1e+19 s; answers up to 1e+12 MB" in running.output.read_text()
        assert ask(running, MEMBERS).status_code == 200
    finally:
        stop_serve(running)


def test_the_listening_socket_sends_small_answers_at_once() -> None:
    """Regression: without TCP_NODELAY a keep-alive client waited for the delayed ACK,
    about 40 ms an answer (170 requests/s at 8 clients against 570 with it). Accepted
    connections inherit the option from the listening socket."""
    sock = bind_socket("127.0.0.1", 0)
    try:
        assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
    finally:
        sock.close()


# --- in a browser -----------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_the_query_page_runs_an_example_in_a_browser(served: Served, repo_root: Path) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (make setup installs it)")
    sync_api: Any = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            tab = browser.new_page(viewport={"width": 1400, "height": 900})
            tab.on("request", lambda r: requests.append(r.url))
            tab.on("pageerror", lambda e: errors.append(str(e)))
            tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            tab.goto(f"{served.base}/")
            tab.click("button[data-name='members-of-ipo']")
            tab.wait_for_selector("text=12 results", timeout=20000)  # the twelve provinces
            tab.wait_for_selector("text=Fryslân", timeout=5000)
            shots = repo_root / "test-artifacts"
            shots.mkdir(exist_ok=True)
            tab.screenshot(path=str(shots / "serve-query-page.png"))
        finally:
            browser.close()
    assert errors == []
    assert requests and all(url.startswith(served.base) for url in requests), requests


def test_project_prefixes_are_predeclared_as_in_the_cli(served: Served) -> None:
    r = ask(served, "SELECT ?n WHERE { ipod:bestuur rdfs:label ?n }")
    assert r.status_code == 200, r.text
    assert "Bestuur" in r.text


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://x/> { } }",
        "SELECT * WHERE { ?s ?p ?o .SERVICE <http://x/> { } }",
        "SELECT * WHERE { ?s ?p ?o.SERVICE <http://x/> { } }",
        "SELECT * WHERE { ?s ?p true.service <http://x/> { } }",
        "SELECT * WHERE { ?s ?p <o>.SERVICE <http://x/> { } }",
        "SELECT * WHERE { ?s ?p 'o'.SERVICE <http://x/> { } }",
        "SELECT * WHERE { ?s ?p ?o }\nSERVICE ?endpoint { }",
    ],
)
def test_every_service_clause_is_seen(query: str) -> None:
    """Regression: a SERVICE just after the dot that ends a triple pattern was missed, and
    the guard let the server fetch the URL it named."""
    from ipo_graph.sparqltext import calls_service

    assert calls_service(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?service WHERE { ?s ?p ?service }",
        "SELECT * WHERE { ?s ex:service ?o }",
        "SELECT * WHERE { ?s service:x ?o }",
        "SELECT * WHERE { ?s ex:self-service ?o }",
        "SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' } # SERVICE <http://x/>",
    ],
)
def test_the_word_service_elsewhere_is_no_clause(query: str) -> None:
    from ipo_graph.sparqltext import calls_service

    assert not calls_service(query)
