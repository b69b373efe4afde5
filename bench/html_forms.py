"""Read the forms of an HTML page as a browser would submit them (standard library only).

Used by the concurrency script (to post a back-office form unchanged but for one field) and by
the fuzz tests (to know every field a form has, its kind and its choices).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Field:
    name: str
    kind: str  # the input's type ("text", "date", "checkbox", "hidden"...), "select" or "textarea"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)

    def defaults(self) -> dict[str, str | list[str]]:
        """What a browser sends when the form is submitted untouched (a repeated name gives a list)."""
        data: dict[str, str | list[str]] = {}
        for f in self.fields:
            if f.kind in ("checkbox", "radio"):
                if f.checked:
                    _add(data, f.name, f.value or "on")
            elif f.kind in ("submit", "button", "reset", "file", "image"):
                continue
            elif f.kind == "select" and f.multiple:
                data.setdefault(f.name, [f.value] if f.value else [])
            else:
                _add(data, f.name, f.value)
        return data

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


def _add(data: dict, name: str, value: str) -> None:
    if name not in data:
        data[name] = value
    elif isinstance(data[name], list):
        data[name].append(value)
    else:
        data[name] = [data[name], value]


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: Field | None = None
        self._option: tuple[str, bool] | None = None
        self._option_text: list[str] = []
        self._textarea: Field | None = None

    @property
    def _form(self) -> Form:
        if not self.forms:  # a field outside any <form>: keep it in an anonymous one
            self.forms.append(Form(action="", method="get"))
        return self.forms[-1]

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", ""), method=a.get("method", "get").lower()))
        elif tag == "input" and a.get("name"):
            self._form.fields.append(Field(a["name"], a.get("type", "text").lower(), a.get("value", ""),
                                           checked="checked" in a))
        elif tag == "select" and a.get("name"):
            self._select = Field(a["name"], "select", multiple="multiple" in a)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._close_option()
            self._option = (a.get("value"), "selected" in a)
            self._option_text = []
        elif tag == "textarea" and a.get("name"):
            self._textarea = Field(a["name"], "textarea")
            self._form.fields.append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data
        elif self._option is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # Browsers drop the one newline that follows <textarea>.
            value = self._textarea.value
            self._textarea.value = value[2:] if value.startswith("\r\n") else value.removeprefix("\n")
            self._textarea = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self._select is not None:
            self._close_option()
            if not self._select.value and self._select.options and not self._select.multiple:
                self._select.value = self._select.options[0]
            self._select = None

    def _close_option(self) -> None:
        if self._option is None or self._select is None:
            self._option = None
            return
        value, selected = self._option
        value = value if value is not None else "".join(self._option_text).strip()
        self._select.options.append(value)
        if selected and not self._select.value:
            self._select.value = value
        self._option = None


def read_forms(page: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(page)
    reader.close()
    return reader.forms


def main_form(page: str) -> Form:
    """The page's form that posts (the one a person fills in), the largest if there are several."""
    posting = [f for f in read_forms(page) if f.method == "post"]
    if not posting:
        raise LookupError("no form posting on this page")
    return max(posting, key=lambda f: len(f.fields))
