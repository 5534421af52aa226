"""A generator of varied, valid TOML 1.0 documents for cross-checks.

random_model() makes a nested Python value (tables, arrays, every scalar
type); render() writes it as TOML text, choosing at random among the
equivalent spellings: the four string forms with escapes and line-ending
backslashes, integers in all bases with underscores, float notations,
date-time separators and offsets, inline tables, dotted keys, [headers],
implicit tables, [[arrays of tables]], comments, blanks and CRLF.
"""
import datetime
import math
import random
import string

BARE = string.ascii_letters + string.digits + "_-"
CHARS = (string.ascii_letters + string.digits + " .,;:!?#=[]{}'\"\\/\t"
         + "\n\x01\x1f\x7f" + "éßЖ中😀\u00a0\u2028\ufeff")


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.nl = "\r\n" if self.r.random() < 0.15 else "\n"

    # The model.

    def text(self, n=12):
        return "".join(self.r.choice(CHARS) for _ in range(self.r.randint(0, n)))

    def key(self, i):
        kind = self.r.random()
        if kind < 0.6:
            return "".join(self.r.choice(BARE) for _ in range(self.r.randint(1, 6))) + str(i)
        if kind < 0.8:
            return str(i) + self.text(5).replace("\n", " ")
        return "%d.dotted key %s" % (i, self.r.choice(["é", "'", '"', "\\", ""]))

    def datetime_value(self):
        r = self.r
        date = datetime.date(r.randint(1, 9999), r.randint(1, 12), 1)
        date = date.replace(day=r.randint(1, 28 if date.month == 2 else 30))
        if r.random() < 0.1:
            date = date.replace(year=r.choice([2000, 2024, 1600]), month=2, day=29)
        time = datetime.time(r.randint(0, 23), r.randint(0, 59), r.randint(0, 59),
                             r.choice([0, r.randint(0, 999999)]))
        kind = r.choice(["date", "time", "local", "offset"])
        if kind == "date":
            return date
        if kind == "time":
            return time
        dt = datetime.datetime.combine(date, time)
        if kind == "local":
            return dt
        minutes = r.choice([0, r.randint(-23 * 60 - 59, 23 * 60 + 59)])
        return dt.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=minutes)))

    def scalar(self):
        r = self.r
        kind = r.randint(0, 5)
        if kind == 0:
            return self.text(20)
        if kind == 1:
            return r.choice([0, 1, -1, 2**63 - 1, -2**63, r.randint(-10**6, 10**6),
                             r.randint(-2**63, 2**63 - 1)])
        if kind == 2:
            return r.choice([0.0, -0.0, 1.5, math.inf, -math.inf, math.nan,
                             r.uniform(-1e6, 1e6), r.random() * 10 ** r.randint(-300, 300),
                             5e-324, 1.7976931348623157e308])
        if kind == 3:
            return r.random() < 0.5
        return self.datetime_value()

    def value(self, depth):
        r = self.r
        roll = r.random()
        if depth < 5 and roll < 0.15:
            return self.table(depth + 1)
        if depth < 5 and roll < 0.25:
            if r.random() < 0.4:
                return [self.table(depth + 2) for _ in range(r.randint(1, 3))]
            return [self.value(depth + 1) for _ in range(r.randint(0, 4))]
        return self.scalar()

    def table(self, depth=0):
        n = self.r.randint(0, 6 if depth else 10)
        return {self.key(i): self.value(depth) for i in range(n)}

    # The text.

    def ws(self):
        return self.r.choice(["", "", " ", "  ", "\t", " \t"])

    def render_key(self, k):
        if k and all(c in BARE for c in k) and self.r.random() < 0.9:
            return k
        if "'" not in k and all(c == "\t" or (c >= " " and c != "\x7f") for c in k) \
                and "\n" not in k and "\u2028" not in k and self.r.random() < 0.4:
            return "'" + k + "'"
        return self.basic(k)

    def escape_char(self, c):
        short = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t",
                 "\n": "\\n", "\f": "\\f", "\r": "\\r"}
        if c in short and (c in '"\\' or self.r.random() < 0.7):
            return short[c]
        if ord(c) < 0x20 or ord(c) == 0x7f or self.r.random() < 0.1:
            if ord(c) > 0xffff or self.r.random() < 0.3:
                return "\\U%08X" % ord(c)
            return "\\u%04x" % ord(c)
        return c

    def basic(self, s):
        return '"' + "".join(self.escape_char(c) for c in s) + '"'

    def ml_basic(self, s):
        out = []
        for c in s:
            if c == "\n":
                out.append(self.nl if self.r.random() < 0.8 else "\\n")
            elif c == "\t":
                out.append(c)
            else:
                out.append(self.escape_char(c))
            # a line-ending backslash adds nothing when what follows is
            # not blank
            if self.r.random() < 0.05:
                out.append("\\" + self.ws() + self.nl + self.ws())
        body = "".join(out)
        if body.endswith(("\\" + self.nl, "\\" + self.nl + " ", "\\" + self.nl + "\t")):
            body = body.rstrip(" \t")
        first = self.nl if self.r.random() < 0.5 else ""
        return '"""' + first + body + '"""'

    def render_string(self, s):
        lit_ok = all(c == "\t" or (c >= " " and c != "\x7f") for c in s)
        choice = self.r.random()
        if choice < 0.2 and lit_ok and "'" not in s:
            return "'" + s + "'"
        if choice < 0.35 and all(c in "\t\n" or (c >= " " and c != "\x7f") for c in s) \
                and "'''" not in s and not s.endswith("'"):
            first = self.nl if s.startswith("\n") or self.r.random() < 0.5 else ""
            return "'''" + first + s.replace("\n", self.nl) + "'''"
        if choice < 0.6 and not s.endswith(("\\", '"')):
            body = self.ml_basic(s)
            # the body must not begin a line-ending backslash before content
            return body
        return self.basic(s)

    def digits(self, s):
        if len(s) > 1 and self.r.random() < 0.3:
            i = self.r.randint(1, len(s) - 1)
            return s[:i] + "_" + s[i:]
        return s

    def render_int(self, v):
        r = self.r
        if v >= 0 and r.random() < 0.3:
            base = r.choice(["x", "o", "b"])
            body = format(v, base if base != "x" else r.choice("xX"))
            return "0" + base + self.digits(body)
        sign = "-" if v < 0 else r.choice(["", "", "+"])
        return sign + self.digits(str(abs(v)))

    def render_float(self, v):
        r = self.r
        if math.isnan(v):
            return r.choice(["nan", "+nan", "-nan"])
        if math.isinf(v):
            return ("-" if v < 0 else r.choice(["", "+"])) + "inf"
        text = repr(v)
        if r.random() < 0.3:
            text = "%.17e" % v
            text = text.replace("e", r.choice("eE"))
        if "e" not in text and "E" not in text and "." in text:
            a, b = text.split(".")
            sign = a[0] if a[0] == "-" else ""
            text = sign + self.digits(a.lstrip("-")) + "." + self.digits(b)
        if not text.startswith("-") and r.random() < 0.2:
            text = "+" + text
        return text

    def render_datetime(self, v):
        r = self.r
        if isinstance(v, datetime.datetime):
            sep = r.choice(["T", "t", " "])
            text = v.date().isoformat() + sep + self.render_time(v.time())
            if v.tzinfo is not None:
                off = int(v.utcoffset().total_seconds()) // 60
                if off == 0 and r.random() < 0.6:
                    text += r.choice("Zz")
                else:
                    text += "%s%02d:%02d" % ("-" if off < 0 else "+", abs(off) // 60, abs(off) % 60)
            return text
        if isinstance(v, datetime.date):
            return v.isoformat()
        return self.render_time(v)

    def render_time(self, t):
        text = "%02d:%02d:%02d" % (t.hour, t.minute, t.second)
        if t.microsecond or self.r.random() < 0.2:
            frac = "%06d" % t.microsecond
            # TOML keeps any number of digits; tomllib reads 6
            text += "." + frac + "".join(self.r.choice("0123456789")
                                         for _ in range(self.r.randint(0, 3)))
        return text

    def render_scalar(self, v):
        if isinstance(v, str):
            return self.render_string(v)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return self.render_int(v)
        if isinstance(v, float):
            return self.render_float(v)
        return self.render_datetime(v)

    def render_inline(self, v, depth):
        if isinstance(v, dict):
            parts = []
            for k, sub in v.items():
                parts.extend(self.inline_pairs([k], sub, depth))
            if not parts:
                return "{" + self.ws() + "}"
            sep = self.ws() + "," + self.ws()
            return "{" + self.ws() + sep.join(parts) + self.ws() + "}"
        if isinstance(v, list):
            return self.render_array(v, depth)
        return self.render_scalar(v)

    def inline_pairs(self, path, v, depth):
        """key = value pairs for an inline table; sub-tables that are not
        empty may be spelled with dotted keys."""
        if isinstance(v, dict) and v and self.r.random() < 0.4:
            out = []
            for k, sub in v.items():
                out.extend(self.inline_pairs(path + [k], sub, depth))
            return out
        dotted = (self.ws() + "." + self.ws()).join(self.render_key(k) for k in path)
        return [dotted + self.ws() + "=" + self.ws() + self.render_inline(v, depth + 1)]

    def render_array(self, items, depth):
        if not items:
            return "[" + self.ws() + "]"
        multi = self.r.random() < 0.3
        parts = [self.render_inline(x, depth + 1) for x in items]
        if multi:
            inner = "".join(self.nl + "  " + p + "," + self.ws()
                            + (" # note" if self.r.random() < 0.3 else "")
                            for p in parts)
            return "[" + inner + self.nl + "]"
        trailing = "," if self.r.random() < 0.2 else ""
        return "[" + self.ws() + (self.ws() + "," + self.ws()).join(parts) + trailing + self.ws() + "]"

    def line(self, out, text):
        comment = " # c" if self.r.random() < 0.1 else ""
        out.append(self.ws() + text + comment + self.nl)
        if self.r.random() < 0.1:
            out.append(self.nl)

    def is_aot(self, v):
        return isinstance(v, list) and v and all(isinstance(x, dict) for x in v)

    def render_section(self, out, path, table, depth):
        """The key/value lines of one table, then its sub-sections."""
        later = []
        for k, v in table.items():
            if isinstance(v, dict) and self.r.random() < 0.6:
                later.append((k, v))
            elif self.is_aot(v) and self.r.random() < 0.6:
                later.append((k, v))
            elif isinstance(v, dict) and v and self.r.random() < 0.5:
                for text in self.inline_pairs([k], v, depth):
                    self.line(out, text)
            else:
                self.line(out, self.render_key(k) + self.ws() + "=" + self.ws()
                          + self.render_inline(v, depth + 1))
        for k, v in later:
            sub = path + [k]
            name = (self.ws() + "." + self.ws()).join(self.render_key(x) for x in sub)
            if isinstance(v, dict):
                # a table holding only sub-tables may be left implicit
                implicit = v and all(isinstance(x, dict) for x in v.values()) \
                    and self.r.random() < 0.5
                if not implicit:
                    self.line(out, "[" + self.ws() + name + self.ws() + "]")
                    self.render_section(out, sub, v, depth + 1)
                else:
                    for k2, v2 in v.items():
                        self.render_section_header(out, sub + [k2], v2, depth + 2)
            else:
                for elem in v:
                    self.line(out, "[[" + self.ws() + name + self.ws() + "]]")
                    self.render_section(out, sub, elem, depth + 2)

    def render_section_header(self, out, path, table, depth):
        name = (self.ws() + "." + self.ws()).join(self.render_key(x) for x in path)
        self.line(out, "[" + name + "]")
        self.render_section(out, path, table, depth)

    def render(self, model):
        out = []
        if self.r.random() < 0.2:
            out.append("# generated" + self.nl)
        self.render_section(out, [], model, 0)
        return "".join(out)


def document(seed):
    """(model, text) for one seed."""
    g = Gen(seed)
    model = g.table()
    return model, g.render(model)
