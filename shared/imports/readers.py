"""Read the files teams really have into rows of cells: XLSX, XLS and ODS through python-calamine (formulas
give their last computed value), CSV through the standard library with its encoding found by
charset-normalizer and its separator sniffed.

What comes out is a ``Sheet``: its rows with the number a spreadsheet shows them under, empty rows dropped,
text cells stripped, merged cells filled with their top-left value. Hidden sheets are skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import dataclass, field

import python_calamine
from charset_normalizer import from_bytes

from shared.imports.errors import ImportRefused

MAX_BYTES = 10 * 1024 * 1024  # a department's 20,000 rows fit in well under that
SEPARATORS = ";,\t"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Files that are certainly not tables: PDF, images, archives of another kind.
NOT_TABLES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")

NOT_A_SPREADSHEET = ("Ce fichier n'est pas un tableur : enregistrez-le au format XLSX, XLS, ODS ou CSV "
                     "depuis Excel ou LibreOffice, puis déposez-le à nouveau.")
WITH_MACROS = ("Ce fichier contient des macros : par prudence, il n'est pas lu. Enregistrez-le sans macros "
               "(« Classeur Excel (*.xlsx) » ou ODS), puis déposez-le à nouveau.")
WITH_PASSWORD = ("Ce fichier est protégé par un mot de passe : ouvrez-le dans Excel ou LibreOffice, "
                 "enregistrez-le sans mot de passe, puis déposez-le à nouveau.")
EMPTY = "Le fichier est vide : aucune ligne à importer."


@dataclass
class Sheet:
    """The rows of one sheet: ``rows`` are ``(number, cells)``, ``number`` as the spreadsheet shows it."""

    name: str
    rows: list[tuple[int, list]] = field(default_factory=list)
    file_format: str = ""
    encoding: str | None = None
    separator: str | None = None


def read_sheets(data: bytes, filename: str = "") -> list[Sheet]:
    """Every visible, non-empty sheet of the file, in order. Raises ``ImportRefused`` (French)."""
    check_size(len(data))
    if not data.strip():
        raise ImportRefused(EMPTY)
    if data.startswith(ZIP_MAGIC):
        sheets = _read_workbook(data, _zip_format(data))
    elif data.startswith(OLE_MAGIC):
        sheets = _read_workbook(data, _ole_format(data))
    elif data.startswith(NOT_TABLES):
        raise ImportRefused(NOT_A_SPREADSHEET)
    else:
        sheets = [_read_csv(data)]
    sheets = [sheet for sheet in sheets if sheet.rows]
    if not sheets:
        raise ImportRefused(EMPTY)
    return sheets


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        weight = f"{size / 1024 / 1024:.1f}".replace(".", ",")
        raise ImportRefused(f"Le fichier pèse {weight}\u00a0Mo : {MAX_BYTES // 1024 // 1024}\u00a0Mo au plus. "
                            "Coupez-le en plusieurs fichiers (par exemple un par groupe ou par année).")


# --- Workbooks -------------------------------------------------------------------------------------------

def _zip_format(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise ImportRefused(WITH_MACROS)
        if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE:
            manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in names else b""
            if b"encryption-data" in manifest:
                raise ImportRefused(WITH_PASSWORD)
            return "ods"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "xl/workbook.bin" in names:
            return "xlsb"
    except (zipfile.BadZipFile, KeyError, OSError):
        pass
    raise ImportRefused(NOT_A_SPREADSHEET)


def _ole_format(data: bytes) -> str:
    """An OLE container is an old XLS, or an encrypted XLSX/ODS (Office puts those in one)."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportRefused(WITH_PASSWORD)
    if "_VBA_PROJECT".encode("utf-16-le") in data:
        raise ImportRefused(WITH_MACROS)
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise ImportRefused(NOT_A_SPREADSHEET)  # a Word document, an old PowerPoint
    return "xls"


def _read_workbook(data: bytes, file_format: str) -> list[Sheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for meta in workbook.sheets_metadata:
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = workbook.get_sheet_by_name(meta.name)
            cells = sheet.to_python(skip_empty_area=False)
            _fill_merged(cells, sheet.merged_cell_ranges or [])
            sheets.append(Sheet(name=meta.name, rows=_kept_rows(cells), file_format=file_format))
        return sheets
    except python_calamine.PasswordError:
        raise ImportRefused(WITH_PASSWORD) from None
    except (python_calamine.CalamineError, python_calamine.ZipError, python_calamine.XmlError, ValueError,
            OSError) as error:
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise ImportRefused(WITH_PASSWORD) from None
        raise ImportRefused(NOT_A_SPREADSHEET) from None


def _fill_merged(cells: list[list], ranges) -> None:
    """A merged cell's value in every cell it covers (calamine gives it in the top-left one only)."""
    for (top, left), (bottom, right) in ranges:
        if top >= len(cells) or left >= len(cells[top]):
            continue
        value = cells[top][left]
        for row in range(top, min(bottom, len(cells) - 1) + 1):
            for column in range(left, min(right, len(cells[row]) - 1) + 1):
                cells[row][column] = value


def _kept_rows(cells: list[list]) -> list[tuple[int, list]]:
    rows = []
    for index, row in enumerate(cells):
        values = [value.strip() if isinstance(value, str) else value for value in row]
        values = [None if value == "" else value for value in values]
        while values and values[-1] is None:
            values.pop()
        if values:
            rows.append((index + 1, values))
    return rows


# --- CSV ---------------------------------------------------------------------------------------------

def _read_csv(data: bytes) -> Sheet:
    text, encoding = _decode(data)
    if "\x00" in text[:4096]:
        raise ImportRefused(NOT_A_SPREADSHEET)
    separator = _separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        cells = [list(row) for row in reader]
    except csv.Error:
        raise ImportRefused(NOT_A_SPREADSHEET) from None
    return Sheet(name="CSV", rows=_kept_rows(cells), file_format="csv", encoding=encoding, separator=separator)


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without its byte-order mark) when it is; else what charset-normalizer finds
    (Windows-1252 for a CSV saved by French Excel)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ImportRefused(NOT_A_SPREADSHEET) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000], cp_isolation=["cp1252", "latin_1", "iso8859_15", "mac_roman", "cp850"]).best()
    if best is None:
        raise ImportRefused(NOT_A_SPREADSHEET)
    try:
        return data.decode(best.encoding), best.encoding
    except (UnicodeDecodeError, LookupError):
        raise ImportRefused(NOT_A_SPREADSHEET) from None


def _separator(text: str) -> str:
    """The separator that splits the first lines the most consistently; « ; » when nothing tells."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        counts = {separator: first.count(separator) for separator in SEPARATORS}
        return max(counts, key=counts.get) if any(counts.values()) else ";"
