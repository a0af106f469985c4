"""A corpus of hostile names and texts: markup and script that must stay plain text, and
Unicode that tries to break out of its box (bidi overrides, invisible and combining
characters, enormous words, emoji sequences).

Names fit the server's 24-character limit and texts its 500-character limit after the
server's cleaning (see server/engine/text.py), which drops some invisible characters: those
payloads still go in, to check that what is left is shown as typed. Payloads that run try to
set `window.__pwned` or open a dialog; the tests check neither happens.
"""

RLO = "\N{RIGHT-TO-LEFT OVERRIDE}"
PDF = "\N{POP DIRECTIONAL FORMATTING}"
RLI = "\N{RIGHT-TO-LEFT ISOLATE}"
PDI = "\N{POP DIRECTIONAL ISOLATE}"
RLM = "\N{RIGHT-TO-LEFT MARK}"
ALM = "\N{ARABIC LETTER MARK}"
ZWSP = "\N{ZERO WIDTH SPACE}"
ZWNJ = "\N{ZERO WIDTH NON-JOINER}"
ZWJ = "\N{ZERO WIDTH JOINER}"
WJ = "\N{WORD JOINER}"
BOM = "\N{ZERO WIDTH NO-BREAK SPACE}"
SHY = "\N{SOFT HYPHEN}"
HANGUL_FILLER = "\N{HANGUL FILLER}"
BRAILLE_BLANK = "\N{BRAILLE PATTERN BLANK}"
FAMILY = ZWJ.join(["\N{WOMAN}", "\N{WOMAN}", "\N{GIRL}", "\N{BOY}"])
TECHNOLOGIST = f"\N{WOMAN}{ZWJ}\N{PERSONAL COMPUTER}"
RAINBOW_FLAG = f"\N{WAVING WHITE FLAG}\N{VARIATION SELECTOR-16}{ZWJ}\N{RAINBOW}"
ASTRONAUT = f"\N{MAN}\N{EMOJI MODIFIER FITZPATRICK TYPE-4}{ZWJ}\N{ROCKET}"
UN_FLAG = "\N{REGIONAL INDICATOR SYMBOL LETTER U}\N{REGIONAL INDICATOR SYMBOL LETTER N}"
BISMILLAH = "\N{ARABIC LIGATURE BISMILLAH AR-RAHMAN AR-RAHEEM}"
FULLWIDTH_W = "\N{FULLWIDTH LATIN CAPITAL LETTER W}"
ZALGO_MARKS = "".join(chr(c) for c in range(0x0300, 0x0370))
HEBREW = "\u05e9\u05dc\u05d5\u05dd"  # shalom
ARABIC = "\u0645\u0631\u062d\u0628\u0627"  # marhaba
ARABIC_SENTENCE = "\u0623\u0646\u0627 \u0622\u0633\u0641 \u062c\u062f\u0627\u064b"
TIBETAN_STACK = "\u0f40\u0fb5\u0f90\u0fb5\u0f90\u0fb5\u0f90\u0fb5"
THAI_STACK = "\u0e01" + "\u0e34" * 12


def _zalgo(word: str, marks_per_letter: int) -> str:
    marks = ZALGO_MARKS
    return "".join(
        letter + "".join(marks[(i * 7 + k) % len(marks)] for k in range(marks_per_letter))
        for i, letter in enumerate(word)
    )


NAMES: list[str] = [
    "<script>p()</script>",
    "<img src=x onerror=p()>",
    "<svg onload=alert(1)>",
    "<iframe src=//x.test>",
    "<a href=javascript:p()>x",
    "javascript:alert(1)",
    '"><b onmouseover=p()>',
    "'><body onload=p()>",
    "&lt;b&gt;bold&lt;/b&gt;",
    "&amp;&#60;&#x3C;&nbsp;",
    "{{7*7}}${7*7}#{7*7}",
    f"{RLO}evil.exe{PDF}txt",
    f"{ARABIC} Ana",
    f"{HEBREW} <b>",
    f"{ALM}{HEBREW}abc{RLM}123",
    f"Z{ZWSP}W{ZWJ}J{ZWNJ}N{WJ}X{BOM}",
    _zalgo("Zalgo", 3),
    "W" * 24,
    FULLWIDTH_W * 24,
    FAMILY + TECHNOLOGIST + RAINBOW_FLAG,
    UN_FLAG * 6,
    BISMILLAH * 8,
    "%3Cscript%3Ep()%3C/b%3E",
    "<style>*{color:red}",
    "<!-- ]]> <![CDATA[",
    "<math><mi>x</mi></math>",
    "<object data=x.svg>",
    "<embed src=x.swf>",
    "<input onfocus=p()>",
    "<details ontoggle=p()>",
    "<video onerror=p()>",
    "<marquee>hi</marquee>",
    "<base href=//evil.test>",
    "<meta http-equiv=x>",
    "data:text/html,<b>x",
    "&#x6A;avascript:p()",
    "Robert'); DROP TABLE--",
    f"soft{SHY}hy{SHY}phen{SHY}ated",
    f"{TIBETAN_STACK} {THAI_STACK}",
    f"{HANGUL_FILLER}{BRAILLE_BLANK} 123 {HEBREW} 456",
]

_SCRIPT_PAYLOADS: list[str] = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "<svg/onload=window.__pwned=1>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    '<a href="javascript:window.__pwned=1">click me</a>',
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<object data="data:text/html,<script>parent.__pwned=1</script>"></object>',
    '<embed src="javascript:alert(1)">',
    "<link rel=stylesheet href=javascript:alert(1)>",
    "<style>@import 'javascript:alert(1)';*{background:red}</style>",
    "<input autofocus onfocus=window.__pwned=1>",
    "<details open ontoggle=window.__pwned=1>",
    "<video><source onerror=window.__pwned=1></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>scrolling</marquee>",
    "<form action=javascript:alert(1)><button>send</button></form>",
    "<template><img src=x onerror=alert(1)></template>",
    '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
    '"><script>window.__pwned=1</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>window.__pwned=1</script>",
    "</title><script>alert(1)</script>",
    "<svg><script>window.__pwned=1</script></svg>",
    "<svg><animate onbegin=window.__pwned=1 attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    "<img src=x\nonerror=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "{{constructor.constructor('window.__pwned=1')()}}",
    "${alert(1)} and `${window.__pwned=1}`",
    "<scr<script>ipt>window.__pwned=1</scr</script>ipt>",
    "%3Cscript%3Ewindow.__pwned%3D1%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    '<!--<img src="--><img src=x onerror=window.__pwned=1//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<xmp><script>alert(1)</script></xmp>",
    '<table background="javascript:alert(1)"><tr><td>cell</td></tr></table>',
    '<object type="image/svg+xml" data="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">open</a>',
    "<button formaction=javascript:alert(1)>go</button>",
    "<select autofocus onfocus=window.__pwned=1>",
    "<textarea autofocus onfocus=alert(1)>",
    "<x contenteditable onblur=alert(1)>lose focus!</x>",
    "<svg><set attributeName=onmouseover to=alert(1)>",
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe src=javascript:alert(1)>'
    "</iframe></foreignObject></svg>",
    "data:image/svg+xml,<svg onload=window.__pwned=1>",
    "[click me](javascript:window.__pwned=1)",
    '![x](x" onerror="window.__pwned=1)',
    '{"type":"host","token":"x","screen":true}',
    "</script><script>window.__pwned=1</script>",
    "<portal src=javascript:alert(1)></portal>",
    "<frameset onload=alert(1)><frame src=x>",
    "<isindex type=image src=1 onerror=alert(1)>",
    '<img srcset=",,,,x" onerror=window.__pwned=1>',
]

_UNICODE_TEXTS: list[str] = [
    f"{RLO}This reply is reversed{PDF} and then continues normally.",
    f"Refund {RLM}123{RLM} now, {RLI}isolated {HEBREW}{PDI} done.",
    f"{ARABIC_SENTENCE}. {ARABIC} {ARABIC} {ARABIC}, (1) [2] {{3}}",
    f"\u05d0\u05e0\u05d9 100% \u05de\u05e6\u05d8\u05e2\u05e8 {HEBREW}, 5-7 ({HEBREW}) [ok]",
    f"{ALM}{ALM}{HEBREW} mixed with English and {ARABIC} and numbers 1234567890",
    f"Z{ZWSP}e{ZWSP}r{ZWSP}o{ZWNJ}w{ZWJ}i{WJ}d{BOM}t{ZWSP}h " * 10,
    f"soft{SHY}hyphen{SHY}" * 40,
    "\N{MONGOLIAN VOWEL SEPARATOR} mongolian separator " + HANGUL_FILLER * 20 + BRAILLE_BLANK * 20,
    _zalgo("He comes, the customer who cannot be pleased", 4),
    "a" + ZALGO_MARKS[:110],
    (TIBETAN_STACK + " ") * 20,
    THAI_STACK * 20,
    "A" * 500,
    "x" * 499 + "!",
    FULLWIDTH_W * 500,
    "https://example.test/" + "a" * 470 + "?x=1",
    BISMILLAH * 100,
    "\N{GRINNING FACE}" * 500,
    "-" * 250 + "_" * 250,
    "9" * 500,
    FAMILY * 50,
    RAINBOW_FLAG * 100,
    ASTRONAUT * 80,
    UN_FLAG * 200,
    TECHNOLOGIST * 150,
    "&lt;b&gt;not bold&lt;/b&gt; &amp;amp; &nbsp;&nbsp; &#x202E; &quot;&apos;",
    "&amp;lt;script&amp;gt; double-escaped &amp;#60;",
    "line one\n\n\n\n\nline two after many blank lines\r\nline three\rline four",
    "\t\ttabs\tand    spaces      everywhere\t",
    "\N{MATHEMATICAL BOLD FRAKTUR CAPITAL H}\N{MATHEMATICAL BOLD FRAKTUR SMALL E}llo "
    "\N{CIRCLED LATIN CAPITAL LETTER A}\N{CIRCLED LATIN SMALL LETTER B}",
]

# Some payloads also appear wrapped in an ordinary reply, the way they would really arrive.
_WRAPPED = [
    f"I'm so sorry about that! {payload} I'll sort it out today."
    for payload in _SCRIPT_PAYLOADS[:30]
]

TEXTS: list[str] = _SCRIPT_PAYLOADS + _UNICODE_TEXTS + _WRAPPED
