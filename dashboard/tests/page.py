"""Reading a dashboard as a person sees it: the text of an element, the rows of a table (by their
data- attributes), with whitespace collapsed. Standard library only."""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self) -> str:
        parts = [child if isinstance(child, str) else child.text() for child in self.children]
        return " ".join(" ".join(parts).split())

    def walk(self):
        for child in self.children:
            if not isinstance(child, str):
                yield child
                yield from child.walk()

    def find_all(self, tag=None, **attrs):
        return [
            node
            for node in self.walk()
            if (tag is None or node.tag == tag)
            and all(
                (name.replace("_", "-") in node.attrs)
                if value is True
                else node.attrs.get(name.replace("_", "-")) == value
                for name, value in attrs.items()
            )
        ]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'}> with {attrs}"
        return found[0]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.root = self.current = _Node("document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> _Node:
    parser = _Parser()
    parser.feed(html)
    return parser.root


def table(document, name: str) -> list[list[str]]:
    """The body rows of `<table data-table=name>`, each as its cells' texts."""
    body = document.find("table", data_table=name).find("tbody")
    return [[cell.text() for cell in row.find_all() if cell.tag in ("th", "td")] for row in body.find_all("tr")]


def foot(document, name: str) -> list[str]:
    row = document.find("table", data_table=name).find("tfoot").find("tr")
    return [cell.text() for cell in row.find_all() if cell.tag in ("th", "td")]
