"""A real editor: headless Neovim, with editors/vim and a minimal LSP setup, talks to `ledger lsp`.

Neovim opens a copy of a bundled book, starts this project's server (the
`ledger` of the interpreter running the tests, never one from PATH),
waits for the server's diagnostics, asks for a hover, and writes what it
got to a file the test reads back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT, ledger, linked_iij

pytestmark = pytest.mark.skipif(shutil.which("nvim") is None,
                                reason="Neovim (Debian package neovim) is not installed; .ci/run installs it")

INIT = r"""
local book, out, server, env = _G.BOOK, _G.OUT, _G.SERVER, _G.ENV
vim.opt.runtimepath:prepend(_G.EDITORS_VIM)
vim.cmd('filetype off')
vim.cmd('filetype on')
vim.cmd('syntax on')
vim.cmd('edit ' .. vim.fn.fnameescape(book))
local result = { filetype = vim.bo.filetype }
local id = vim.lsp.start_client({
  name = 'ledgerlang', cmd = server, cmd_env = env, root_dir = vim.fn.fnamemodify(book, ':h'),
})
vim.lsp.buf_attach_client(0, id)
result.received = vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 50)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(result.diagnostics, { line = d.lnum, col = d.col, code = code, severity = d.severity,
                                     message = d.message })
end
local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 18, character = 21 } }
local replies = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 90000) or {}
for _, reply in pairs(replies) do
  if reply.result and reply.result.contents then result.hover = reply.result.contents.value end
end
result.syntax = vim.fn.synIDattr(vim.fn.synID(9, 1, 1), 'name')
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


def server_command() -> list[str]:
    """This interpreter's `ledger lsp`: the venv's ledger script, or `python -m ledgerlang`."""
    script = Path(sys.executable).with_name("ledger")
    return [str(script), "lsp"] if script.exists() else [sys.executable, "-m", "ledgerlang", "lsp"]


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a Lua string literal for these characters


def run_neovim(tmp_path, book, script: str, **globals_: str) -> dict:
    """Neovim, headless, on `book` with `script` (Lua that reads _G.BOOK, _G.OUT, _G.SERVER, _G.ENV
    and any `globals_`, and writes its result as JSON to _G.OUT): the result."""
    out = tmp_path / "result.json"
    init = tmp_path / "init.lua"
    given = {"BOOK": str(book), "OUT": str(out), **globals_}
    init.write_text(
        "".join(f"_G.{name} = {lua_string(value)}\n" for name, value in given.items())
        + f"_G.SERVER = {{{', '.join(lua_string(part) for part in server_command())}}}\n"
        f"_G.ENV = {{ PYTHONPATH = {lua_string(str(ROOT))} }}\n" + script, encoding="utf-8")
    run = subprocess.run(["nvim", "--headless", "--clean", "-u", str(init)], capture_output=True, text=True,
                         timeout=240, cwd=tmp_path, env=dict(os.environ, XDG_STATE_HOME=str(tmp_path),
                                                             XDG_CACHE_HOME=str(tmp_path)))
    assert out.exists(), run.stderr
    return json.loads(out.read_text(encoding="utf-8"))


def test_neovim_shows_the_servers_diagnostics_and_hover(tmp_path):
    """Neovim gets the diagnostics `ledger check` reports for the book, at the same places, and a hover."""
    books = tmp_path / "iij"
    shutil.copytree(ROOT / "books" / "iij", books)
    book = books / "iij-1q03-earnings-release.iij"
    result = run_neovim(tmp_path, book, INIT, EDITORS_VIM=str(ROOT / "editors" / "vim"))
    assert result["filetype"] == "ledgerlang" and result["syntax"] == "ledgerlangDeclaration"
    assert result["received"] is True
    expected = json.loads(ledger("check", "--format", "json", str(books)).stdout)["diagnostics"]
    places = sorted((d["line"] - 1, d["column"] - 1, d["code"]) for d in expected if d["path"] == str(book))
    assert sorted((d["line"], d["col"], d["code"]) for d in result["diagnostics"]) == places
    share = next(d for d in result["diagnostics"] if d["code"] == "share-mismatch")
    assert share["message"].startswith("(acknowledged) share%(")
    assert result["hover"].startswith("**rev.total@1Q03**: Total revenues")
    assert "any value in [8,344,045.50, 8,344,046.50] thousand" in result["hover"]


# The start of a script on one book: the book opened, with the server attached.
ATTACHED = r"""
local book, out, server, env = _G.BOOK, _G.OUT, _G.SERVER, _G.ENV
vim.cmd('edit ' .. vim.fn.fnameescape(book))
local id = vim.lsp.start_client({
  name = 'ledgerlang', cmd = server, cmd_env = env, root_dir = vim.fn.fnamemodify(book, ':h'),
})
vim.lsp.buf_attach_client(0, id)
"""

EDIT = ATTACHED + r"""
local result = {}
vim.wait(90000, function() return vim.lsp.buf_is_attached(0, id) and #vim.lsp.get_active_clients() > 0 end, 50)
vim.wait(3000, function() return false end, 50)  -- the first check, of a clean book
-- Neovim sends this edit incrementally: "flow" becomes "flw" on line 3 (after the form feed of line 2)
vim.api.nvim_buf_set_text(0, 2, 17, 2, 21, { 'flw' })
result.received = vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 50)
result.diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(result.diagnostics, { line = d.lnum, col = d.col, message = d.message })
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


def test_neovims_incremental_edits_after_a_form_feed_land_where_it_put_them(tmp_path):
    """A form feed in a comment is no line end to Neovim or to the protocol: an edit on the next
    line is checked on that line (the server once counted lines as str.splitlines does)."""
    book = tmp_path / "book.iij"
    book.write_text('currency JPY "yen"\n# page one\fpage two\nitem a.x "A" JPY flow\n', encoding="utf-8")
    result = run_neovim(tmp_path, book, EDIT)
    assert result["received"] is True
    assert [(d["line"], d["col"]) for d in result["diagnostics"]] == [(2, 17)]
    assert result["diagnostics"][0]["message"].startswith("unexpected 'flw'; expected flow, stock or average")


# The end of a script that edits the book through the server and saves it: its lines and whatever
# `result` holds written out.
SAVE_FINISH = r"""
result.lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
vim.cmd('write')
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


FORMAT = ATTACHED + r"""
vim.wait(90000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 50)
local result = { eol = vim.bo.eol }
vim.lsp.buf.formatting_sync(nil, 90000)
""" + SAVE_FINISH


def test_neovim_formats_a_file_with_no_final_newline_as_ledger_fmt_does(tmp_path):
    """A book whose last line has no newline (as some tools write it): formatted in Neovim and saved,
    it is byte for byte what `ledger fmt` writes, with no blank line added at its end."""
    text = 'currency EUR "€"\nitem rev  "Umsätze 😀"   EUR flow credit\ntable "T" in EUR millions\n  columns   FY2024\n  rev   100'
    book = tmp_path / "book.iij"
    book.write_text(text, encoding="utf-8")
    expected = tmp_path / "expected.iij"
    expected.write_text(text, encoding="utf-8")
    assert ledger("fmt", str(expected)).returncode == 0
    result = run_neovim(tmp_path, book, FORMAT)
    assert result["eol"] is False  # Neovim read the file as having no final newline
    assert result["lines"][-1] != ""
    assert book.read_bytes() == expected.read_bytes()


ACCEPT = ATTACHED + r"""
local result = { eol = vim.bo.eol }
result.received = vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local line = vim.diagnostic.get(0)[1].lnum
local params = { textDocument = vim.lsp.util.make_text_document_params(),
                 range = { start = { line = line, character = 0 }, ['end'] = { line = line, character = 0 } },
                 context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, line) } }
local answers = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 90000)
result.titles = {}
for _, answer in pairs(answers or {}) do
  for _, action in ipairs(answer.result or {}) do
    table.insert(result.titles, action.title)
    if action.title:find('^Accept') then vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16') end
  end
end
""" + SAVE_FINISH


def test_neovim_accepts_a_finding_at_the_end_of_a_file_with_no_final_newline_without_a_blank_line(tmp_path):
    """The accept action's line goes at the end of the file: where the last line has no newline,
    the file saved is the book and the accept line, with no blank line added (as formatting)."""
    # (the entity declares the calendar: a book without one gets a note at its first column, before the finding)
    text = ('entity e "E"\n  fiscal year ends 12-31\n'
            'currency EUR "euro"\nitem a "A" EUR flow\nitem b "B" EUR flow\nitem t "T" EUR flow\n  = a + b\n'
            'table "T" in EUR millions\n  columns FY2024\n  a 1\n  b 2\n  t 5')
    book = tmp_path / "book.iij"
    book.write_text(text, encoding="utf-8")
    result = run_neovim(tmp_path, book, ACCEPT)
    assert result["eol"] is False and result["received"] is True
    assert "Accept total-mismatch at t@FY2024" in result["titles"]
    accept = 'accept total-mismatch at t@FY2024 "TODO: why this figure is accepted as printed"'
    assert book.read_text(encoding="utf-8") == text + "\n" + accept + "\n"


README_SETUP = r"""
local root, out = _G.ROOT_DIR, _G.OUT
local result = {}
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/acme.iij'))
vim.wait(90000, function() return #vim.lsp.get_active_clients() > 0 and vim.lsp.get_active_clients()[1].initialized end, 50)
local acme = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_lines(acme, 0, -1, false, { 'include "defs.iij"', 'table "T" in USD millions', '  columns FY2024', '  rev 100' })
local function codes()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(acme)) do
    table.insert(found, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  table.sort(found)
  return table.concat(found, ' ')
end
vim.wait(90000, function() return codes():find('missing%-file') ~= nil end, 50)
result.before = codes()
-- the include's file, typed in a second buffer and written
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/defs.iij'))
vim.api.nvim_buf_set_lines(0, 0, -1, false, { 'currency USD "US dollar"', 'item rev "Revenue" USD flow credit' })
vim.cmd('write')
vim.wait(90000, function() return codes():find('missing%-file') == nil and codes():find('unknown') == nil end, 50)
result.after = codes()
result.clients = #vim.lsp.get_active_clients()
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
for _, client in ipairs(vim.lsp.get_active_clients()) do client.stop() end
vim.cmd('qall!')
"""


def readme_neovim_setup() -> str:
    """The Lua of README's Neovim setup, with this checkout's paths for /path/to/ledgerlang."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("      vim.opt.runtimepath:append('/path/to/ledgerlang/editors/vim')")
    end = text.index("      end })\n", start) + len("      end })\n")
    lua = "\n".join(line[6:] for line in text[start:end].split("\n"))
    command = ", ".join(lua_string(part) for part in server_command())
    lua = lua.replace("'/path/to/ledgerlang/.venv/bin/ledger', 'lsp'", command)
    return lua.replace("'/path/to/ledgerlang/editors/vim'", lua_string(str(ROOT / "editors" / "vim")))


def test_readmes_neovim_setup_serves_two_buffers_of_one_ledger_with_one_server(tmp_path):
    """README's setup, as written: an include typed in one buffer, its file typed in a second buffer
    and written; one server serves both, so the include's `missing-file` goes (a server per buffer
    never heard of the second buffer, and the finding stayed)."""
    books = tmp_path / "books"
    books.mkdir()
    result = run_readme_setup(tmp_path, books, README_SETUP)
    assert "missing-file" in result["before"]
    assert result["clients"] == 1
    assert "missing-file" not in result["after"] and "unknown-item" not in result["after"]


WIDE = ATTACHED + r"""
vim.wait(90000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 50)
local result = {}
-- the text a range of the server's covers, its UTF-16 columns turned into the buffer's bytes
local function text_of(range)
  local line = vim.api.nvim_buf_get_lines(0, range.start.line, range.start.line + 1, false)[1]
  local first = vim.str_byteindex(line, range.start.character, true)
  if range['end'].line ~= range.start.line then return line:sub(first + 1) end
  return line:sub(first + 1, vim.str_byteindex(line, range['end'].character, true))
end
local function ask(method, line, word)
  local text = vim.api.nvim_buf_get_lines(0, line, line + 1, false)[1]
  local byte = text:find(word, 1, true)
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) },
                   position = { line = line, character = vim.str_utfindex(text, byte) } }
  for _, reply in pairs(vim.lsp.buf_request_sync(0, method, params, 90000) or {}) do
    if reply.result then return reply.result end
  end
end
for _, found in ipairs({ { 'hover', 4, 'close' }, { 'hover', 1, 'JPY' }, { 'hover', 6, 'yoy%' } }) do
  local hover = ask('textDocument/hover', found[2], found[3])
  table.insert(result, { found[3], hover and text_of(hover.range), hover and hover.contents.value })
end
local definition = ask('textDocument/definition', 1, 'JPY')
table.insert(result, { 'definition', text_of(definition[1].range) })
local params = { textDocument = { uri = vim.uri_from_bufnr(0) } }
for _, reply in pairs(vim.lsp.buf_request_sync(0, 'textDocument/documentSymbol', params, 90000) or {}) do
  for _, symbol in ipairs(reply.result or {}) do
    table.insert(result, { symbol.name, text_of(symbol.range), text_of(symbol.selectionRange) })
  end
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


def test_neovim_gets_ranges_on_lines_of_emoji_and_kanji_at_their_characters(tmp_path):
    """Positions are UTF-16 units (😀 is two, 売 one) and Neovim's buffer is UTF-8 bytes: each range
    the server gives, turned into bytes by Neovim, covers the word asked about; a hover on `@close`
    explains the anchor, and a declaration's outline range starts at its keyword."""
    book = tmp_path / "book.iij"
    book.write_text('currency JPY "yen"\nitem cash "現金 😀 Cash" JPY stock debit\n'
                    'table "売上高 😀" in JPY millions\n  columns FY2003\n  cash@close 5\n'
                    'item g "😀 growth" % flow\n  = yoy%(cash)\n', encoding="utf-8")
    result = run_neovim(tmp_path, book, WIDE)
    close, unit, change, definition, *symbols = result
    assert close[:2] == ["close", "cash@close"] and close[2].startswith("**cash@close**: cash at the instant")
    assert "FY2003: 2003-12-31" in close[2]  # the table's column, at the end of a calendar fiscal year
    assert unit == ["JPY", "JPY", "currency **JPY**: yen"]
    assert change[:2] == ["yoy%", "yoy%"] and change[2].startswith("**yoy%(x)**")
    assert definition == ["definition", "JPY"]
    assert symbols == [["JPY", 'currency JPY "yen"', "JPY"],
                       ["cash", 'item cash "現金 😀 Cash" JPY stock debit', "cash"],
                       ["売上高 😀", 'table "売上高 😀" in JPY millions', '"売上高 😀" in JPY millions'],
                       ["g", 'item g "😀 growth" % flow', "g"]]


# q1.iij of a folder of books opened with README's setup, its first diagnostics received; codes() lists
# the codes of the buffer's diagnostics
RELEASE_OPENED = r"""
local root, out = _G.ROOT_DIR, _G.OUT
local result = {}
vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/q1.iij'))
vim.wait(90000, function() return #vim.lsp.get_active_clients() > 0 and vim.lsp.get_active_clients()[1].initialized end, 50)
local q1 = vim.api.nvim_get_current_buf()
local function codes()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(q1)) do
    table.insert(found, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  table.sort(found)
  return table.concat(found, ' ')
end
vim.wait(90000, function() return codes() ~= '' end, 50)
"""

RENAME = RELEASE_OPENED + r"""
result.before = codes()
-- the cursor on `rev.a` of the table's row (line 5), renamed as a user does (:lua vim.lsp.buf.rename())
vim.api.nvim_win_set_cursor(0, { 5, 3 })
vim.lsp.buf.rename('rev.x')
result.renamed = vim.wait(90000, function()
  local defs = vim.fn.bufnr(root .. '/defs.iij')
  return defs > 0 and vim.fn.bufloaded(defs) == 1
    and table.concat(vim.api.nvim_buf_get_lines(defs, 0, -1, false), '\n'):find('item rev.x ', 1, true) ~= nil
end, 50)
vim.cmd('wall')
-- the release's findings, the same with the new name, once the server has the renamed definitions
vim.wait(90000, function() return codes() == result.before end, 50)
result.after = codes()
result.messages = vim.fn.execute('messages')
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
for _, client in ipairs(vim.lsp.get_active_clients()) do client.stop() end
vim.cmd('qall!')
"""

RENAME_DEFS = """entity acme "Acme Inc."
  fiscal year ends 12-31

currency USD "US dollar"

# rev.a is the first segment
item rev.a "Revenue A (rev.a)" USD flow credit
item rev.ab "Revenue AB" USD flow credit
item rev.total "Total revenue" USD flow credit
  = rev.a + rev.ab
"""
RENAME_Q1 = """include "defs.iij"

table "Revenues: rev.a and rev.ab" in USD millions
  columns    1Q24  1Q23
  rev.a        10     8
  rev.ab        5     4
  rev.total    17    12

claim "rev.a was USD 10 million"
  rev.a@1Q24 = 10 USD millions
"""
RENAME_Q2 = """include "defs.iij"

table "Revenues" in USD millions
  columns    2Q24  yoy%(2Q24)
  rev.a        11      .
  -rev.ab      -6      .

accept total-mismatch at rev.total@1Q24 "rev.a's printing, as filed"
"""


def test_neovim_renames_an_item_in_every_file_of_its_ledger_and_nothing_else(tmp_path):
    """README's setup: in the release, the cursor on an item declared in another, unopened file;
    vim.lsp.buf.rename changes its declaration, its rule and its uses in every book of the ledger
    (an unopened second release too), and no quoted text, comment or longer name; after :wall the
    release has the findings it had."""
    books = tmp_path / "books"
    books.mkdir()
    for name, text in (("defs.iij", RENAME_DEFS), ("q1.iij", RENAME_Q1), ("q2.iij", RENAME_Q2)):
        (books / name).write_text(text, encoding="utf-8")
    result = run_readme_setup(tmp_path, books, RENAME)
    assert result["renamed"] is True, result["messages"]
    assert "total-mismatch" in result["before"] and result["after"] == result["before"]

    assert (books / "defs.iij").read_text(encoding="utf-8") == RENAME_DEFS.replace(
        "item rev.a ", "item rev.x ").replace("= rev.a +", "= rev.x +")
    assert (books / "q1.iij").read_text(encoding="utf-8") == RENAME_Q1.replace(
        "  rev.a        10", "  rev.x        10").replace("  rev.a@1Q24", "  rev.x@1Q24")
    assert (books / "q2.iij").read_text(encoding="utf-8") == RENAME_Q2.replace("  rev.a        11", "  rev.x        11")


def run_readme_setup(tmp_path, books, script: str) -> dict:
    """Neovim with README's setup, running `script` (Lua that reads _G.ROOT_DIR, the folder `books`, and
    writes its result as JSON to _G.OUT): the result."""
    out = tmp_path / "result.json"
    init = tmp_path / "init.lua"
    init.write_text(readme_neovim_setup() + "\nvim.cmd('filetype on')\n", encoding="utf-8")
    lua = tmp_path / "script.lua"
    lua.write_text(f"_G.ROOT_DIR = {lua_string(str(books))}\n_G.OUT = {lua_string(str(out))}\n" + script,
                   encoding="utf-8")
    run = subprocess.run(["nvim", "--headless", "--clean", "-u", str(init), "-c", f"luafile {lua}"],
                         capture_output=True, text=True, timeout=240, cwd=tmp_path,
                         env=dict(os.environ, XDG_STATE_HOME=str(tmp_path), XDG_CACHE_HOME=str(tmp_path),
                                  PYTHONPATH=str(ROOT)))
    assert out.exists(), run.stderr + run.stdout
    return json.loads(out.read_text(encoding="utf-8"))


SAVEAS = RELEASE_OPENED + r"""
result.before = codes()
-- the release renamed as Neovim renames a file: written under the new name, the old one deleted
vim.cmd('saveas ' .. vim.fn.fnameescape(root .. '/q1-2024.iij'))
vim.fn.delete(root .. '/q1.iij')
-- the total fixed (17 -> 15): its finding goes
vim.api.nvim_buf_set_text(q1, 6, 15, 6, 17, { '15' })
result.fixed = vim.wait(90000, function() return codes() == '' end, 50)
-- and broken again (15 -> 19): it comes back
vim.api.nvim_buf_set_text(q1, 6, 15, 6, 17, { '19' })
vim.wait(90000, function() return codes() ~= '' end, 50)
result.broken = codes()
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
for _, client in ipairs(vim.lsp.get_active_clients()) do client.stop() end
vim.cmd('qall!')
"""


def test_neovim_checks_a_book_renamed_by_saveas(tmp_path):
    """After `:saveas` Neovim 0.7 sends the buffer's changes under its new name, never opened: the
    server reads it from disk and checks it (it ignored them, and the findings stayed as they were),
    and the buffer under its old name, which Neovim never closes, leaves the ledger."""
    books = tmp_path / "books"
    books.mkdir()
    (books / "defs.iij").write_text(RENAME_DEFS, encoding="utf-8")
    (books / "q1.iij").write_text(RENAME_Q1, encoding="utf-8")
    result = run_readme_setup(tmp_path, books, SAVEAS)
    assert result["before"] == "total-mismatch"
    assert result["fixed"] is True
    assert result["broken"] == "total-mismatch"


NOT_UTF8 = ATTACHED + r"""
vim.wait(90000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 50)
vim.wait(2000, function() return false end, 50)  -- the first check, of a clean book
-- bytes that are not UTF-8, pasted into the buffer: Neovim sends them as they are
local lines = { 'item a "\255\254 x" JPY flw', 'item b "\237\160\128 y" JPY flw', 'item c "\240\159" JPY flw',
                'item d "\192\128 \244\144\128\128" JPY flw' }
vim.api.nvim_buf_set_lines(0, 1, 1, false, lines)
vim.wait(90000, function() return #vim.diagnostic.get(0) == #lines end, 50)
local result = { diagnostics = {}, expected = {}, hovers = {} }
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(result.diagnostics, { d.lnum, d.col }) end
table.sort(result.diagnostics, function(a, b) return a[1] < b[1] end)
for i, line in ipairs(lines) do
  local unit = line:find('JPY', 1, true) - 1
  table.insert(result.expected, { i, line:find('flw', 1, true) - 1 })
  local _, utf16 = vim.str_utfindex(line, unit)
  local params = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = i, character = utf16 + 1 } }
  for _, reply in pairs(vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 90000) or {}) do
    local range = reply.result and reply.result.range
    table.insert(result.hovers, range and { range.start.character, utf16 } or vim.inspect(reply))
  end
end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


def test_neovim_gets_its_own_positions_after_bytes_that_are_not_utf8(tmp_path):
    """Bytes that are not UTF-8 in a buffer are counted as Neovim counts them (a stray byte, or a
    sequence cut short, one character a byte; an encoded surrogate, an overlong form, one character):
    a finding after them is at its word, and a hover's range at the word hovered."""
    book = tmp_path / "book.iij"
    book.write_text('currency JPY "yen"\n', encoding="utf-8")
    result = run_neovim(tmp_path, book, NOT_UTF8)
    assert result["diagnostics"] == result["expected"]
    assert result["hovers"] and all(found == expected for found, expected in result["hovers"])


CANCEL = ATTACHED + r"""
vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local format = { textDocument = { uri = vim.uri_from_bufnr(0) }, options = { tabSize = 2, insertSpaces = true } }
local hover = { textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 9, character = 7 } }
local function ms(since) return (vim.loop.hrtime() - since) / 1e6 end
local result = {}
local began = vim.loop.hrtime()
vim.lsp.buf_request_sync(0, 'textDocument/formatting', format, 90000)
result.whole = ms(began)
-- the same request again, cancelled a quarter of the way in, then a hover: as a user who gave up
local _, cancel = vim.lsp.buf_request(0, 'textDocument/formatting', format, function() end)
vim.wait(result.whole / 4, function() return false end, 10)
began = vim.loop.hrtime()
cancel()
local replies = vim.lsp.buf_request_sync(0, 'textDocument/hover', hover, 90000) or {}
result.hover_after = ms(began)
for _, reply in pairs(replies) do result.hover = reply.result and reply.result.contents.value end
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


def test_neovim_cancelling_a_long_formatting_gets_its_next_answer_without_waiting_for_it(tmp_path):
    """Formatting the generated 100,000-fact book (bench/generate.py) takes seconds; cancelled by
    Neovim a quarter of the way in, it stops, and the hover asked next is answered in well under half
    the formatting's time (it waited for the formatting to end: three quarters of it)."""
    subprocess.run([sys.executable, "bench/generate.py", "100000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True)
    result = run_neovim(tmp_path, tmp_path / "book.iij", CANCEL)
    assert result["hover"].startswith("**rev.s001.p01**")
    assert result["hover_after"] < result["whole"] / 2, result


LINKED = r"""
local book, out, server, env, defs = _G.BOOK, _G.OUT, _G.SERVER, _G.ENV, _G.DEFS
vim.cmd('edit ' .. vim.fn.fnameescape(book))
local release = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({ name = 'ledgerlang', cmd = server, cmd_env = env, root_dir = vim.fn.getcwd() })
vim.lsp.buf_attach_client(release, id)
local result = {}
local function codes_at(buffer, line)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buffer, { lnum = line })) do
    table.insert(found, d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  return found
end
result.opened = vim.wait(90000, function() return #vim.diagnostic.get(release) > 0 end, 50)
result.before = codes_at(release, tonumber(_G.LINE))
vim.cmd('edit ' .. vim.fn.fnameescape(defs))
local shared = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(shared, id)
vim.wait(90000, function() return vim.lsp.buf_is_attached(shared, id) end, 50)
vim.wait(2000, function() return false end, 50)
local declared = vim.fn.search('^item rev.dialup ') - 1
vim.api.nvim_buf_set_text(shared, declared, 5, declared, 15, { 'rev.dial_up' })  -- renamed by hand, unsaved
result.edited = vim.wait(90000, function()
  return vim.tbl_contains(codes_at(release, tonumber(_G.LINE)), 'unknown-item') end, 50)
result.after = codes_at(release, tonumber(_G.LINE))
result.buffers = #vim.api.nvim_list_bufs()
vim.fn.writefile({ vim.fn.json_encode(result) }, out)
vim.lsp.stop_client(id)
vim.cmd('qall!')
"""


def test_neovim_checks_a_book_with_the_definitions_it_includes_through_a_link_as_they_are_edited(tmp_path):
    """The IIJ release includes `iij.iij`, a link to definitions kept in another folder; Neovim has the
    definitions open under their own name and renames an item there, unsaved: the release says at once
    that its row names an unknown item, as `ledger check` would once saved. The server read the link
    from disk, and the release's findings stayed as they were."""
    defs, book, line = linked_iij(tmp_path)
    result = run_neovim(tmp_path, book, LINKED, DEFS=str(defs), LINE=str(line))
    assert result["opened"] is True and "unknown-item" not in result["before"]
    assert result["edited"] is True, result
    assert "unknown-item" in result["after"]
