"""`parley lsp` under the recorded client capabilities of VS Code, Neovim
and Emacs (pytest-lsp's profiles): initialize, diagnostics, hover and the
P101 quick fix, each checked under every profile.

The server is `$PARLEY_BIN`, else `target/debug/parley` in this checkout.
pytest-lsp also checks each answer against what the profile says the client
supports (markup kinds, code action literals, ...).
"""

from __future__ import annotations

import asyncio
import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = pathlib.Path(__file__).resolve().parents[2]
PARLEY = os.environ.get("PARLEY_BIN", str(ROOT / "target" / "debug" / "parley"))
ACME = (ROOT / "examples" / "acme.parley").read_text(encoding="utf-8")
PROFILES = ["visual-studio-code", "neovim", "emacs"]
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 20


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[PARLEY, "lsp"]),
    params=PROFILES,
)
async def client(request, lsp_client: LanguageClient):
    capabilities = client_capabilities(request.param)
    result = await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=ROOT.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=ROOT.as_uri(), name="parley")],
        )
    )
    lsp_client.profile = request.param
    lsp_client.initialize_result = result
    yield
    await lsp_client.shutdown_session()


def encoding_of(client: LanguageClient) -> str:
    chosen = client.initialize_result.capabilities.position_encoding
    return str(chosen.value if hasattr(chosen, "value") else chosen or "utf-16")


def column(line: str, byte_index: int, encoding: str) -> int:
    """The character offset of `line[:byte_index]` in the given encoding."""
    prefix = line.encode("utf-8")[:byte_index].decode("utf-8")
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    if encoding == "utf-32":
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


async def publish_after(client: LanguageClient, uri: str, send) -> types.PublishDiagnosticsParams:
    """Sends a notification and waits for the diagnostics of `uri` it causes."""
    waiter = client.protocol.wait_for_notification_async(PUBLISH)
    send()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while True:
        params = await asyncio.wait_for(waiter, max(0.1, deadline - loop.time()))
        if params.uri == uri:
            return params
        waiter = client.protocol.wait_for_notification_async(PUBLISH)


async def open_document(client: LanguageClient, name: str, text: str) -> tuple[str, types.PublishDiagnosticsParams]:
    uri = (ROOT / "examples" / name).as_uri()
    params = await publish_after(
        client,
        uri,
        lambda: client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id="parley", version=1, text=text)
            )
        ),
    )
    return uri, params


def p101_on_proposal(diagnostics) -> types.Diagnostic | None:
    for diagnostic in diagnostics:
        if diagnostic.code == "P101" and "`proposal`" in diagnostic.message:
            return diagnostic
    return None


def hover_text(hover: types.Hover | None) -> str:
    if hover is None:
        return ""
    contents = hover.contents
    if isinstance(contents, list):
        return "\n".join(part if isinstance(part, str) else part.value for part in contents)
    return contents if isinstance(contents, str) else contents.value


def apply(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    """Applies LSP text edits (positions in `encoding`) to `text`."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = sum(len(line.encode("utf-8")) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        raw = line.encode("utf-8")
        for index in range(len(raw) + 1):
            try:
                if column(line, index, encoding) >= position.character:
                    return before + index
            except UnicodeDecodeError:
                continue
        return before + len(raw)

    data = text.encode("utf-8")
    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits), reverse=True)
    for start, end, new_text in spans:
        data = data[:start] + new_text.encode("utf-8") + data[end:]
    return data.decode("utf-8")


async def test_initialize_announces_the_features(client: LanguageClient):
    capabilities = client.initialize_result.capabilities
    assert capabilities.hover_provider
    assert capabilities.code_action_provider
    assert capabilities.completion_provider is not None
    assert capabilities.definition_provider
    assert capabilities.text_document_sync is not None
    offered = client.capabilities.general and client.capabilities.general.position_encodings
    if offered and types.PositionEncodingKind.Utf8 in offered:
        assert encoding_of(client) == "utf-8", f"{client.profile} offers UTF-8"
    else:
        assert encoding_of(client) == "utf-16", f"{client.profile} offers only UTF-16"


async def test_diagnostics_arrive_with_the_document_version(client: LanguageClient):
    _, params = await open_document(client, "acme.parley", ACME)
    codes = {diagnostic.code for diagnostic in params.diagnostics}
    assert {"P101", "P104", "S202"} <= codes, codes
    assert p101_on_proposal(params.diagnostics) is not None
    assert params.version in (None, 1)
    assert all(diagnostic.source for diagnostic in params.diagnostics)


async def test_hover_on_a_stakeholder(client: LanguageClient):
    uri, _ = await open_document(client, "acme.parley", ACME)
    lines = ACME.splitlines()
    row = next(i for i, line in enumerate(lines) if line.strip().startswith("with") and "dana" in line)
    byte = lines[row].encode("utf-8").index(b"dana")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=row, character=column(lines[row], byte, encoding_of(client))),
        )
    )
    text = hover_text(hover)
    assert "Dana" in text, text


async def test_hover_counts_columns_in_the_negotiated_encoding(client: LanguageClient):
    # `dana` comes after characters that are 1, 2 or 4 units wide depending
    # on the encoding: a server that counts in another encoding than the one
    # it announced lands on `with` instead.
    line = 'conversation zz "Zoë 🚀 ë call" { with dana }'
    text = ACME + line + "\n"
    uri, _ = await open_document(client, "encoding.parley", text)
    byte = line.encode("utf-8").rindex(b"dana")
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(
                line=len(text.splitlines()) - 1,
                character=column(line, byte, encoding_of(client)) + 1,
            ),
        )
    )
    assert "Dana" in hover_text(hover), f"{encoding_of(client)}: {hover_text(hover)!r}"


async def test_the_p101_quick_fix_applies_and_its_diagnostic_goes(client: LanguageClient):
    uri, params = await open_document(client, "acme.parley", ACME)
    p101 = p101_on_proposal(params.diagnostics)
    assert p101 is not None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=p101.range,
            context=types.CodeActionContext(diagnostics=[p101], only=[types.CodeActionKind.QuickFix]),
        )
    )
    fixes = [a for a in actions or [] if isinstance(a, types.CodeAction) and a.title.startswith("Insert")]
    assert fixes, [getattr(a, "title", a) for a in actions or []]
    fix = next((a for a in fixes if a.is_preferred), fixes[0])
    if fix.edit is None:
        fix = await client.code_action_resolve_async(fix)
    assert fix.edit is not None
    edits = list((fix.edit.changes or {}).get(uri, []))
    for change in fix.edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            edits.extend(change.edits)
    assert edits
    fixed = apply(ACME, edits, encoding_of(client))
    assert "discovery negotiated" in fixed

    params = await publish_after(
        client,
        uri,
        lambda: client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
            )
        ),
    )
    assert params.version in (None, 2)
    assert p101_on_proposal(params.diagnostics) is None, [d.message for d in params.diagnostics]
