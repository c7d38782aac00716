#!/usr/bin/env python3
"""Writes the invented ALLRIS-dialect fixtures in their declared encodings. Run from Fixtures/xml."""

MEETINGS = """  <list>
    <item>
      <silfdnr>4711</silfdnr>
      <sisbvcs>12.03.2026 17:00</sisbvcs>
      <sisevcs>12.03.2026 19:45</sisevcs>
      <siname>Sitzung des Rates der Stadt Beispielstadt</siname>
      <sitext>durchgeführt</sitext>
      <grname>Rat der Stadt</grname>
      <raname>Ratssaal</raname>
      <raort>Rathaus, Marktplatz 1</raort>
      <tolist>
        <item>
          <tolfdnr>90001</tolfdnr><tofnum>1</tofnum><tofunum>0</tofunum><tofuunum>0</tofuunum><topnr>1</topnr>
          <toostLang>öffentlich</toostLang>
          <totext1>Eröffnung, Begrüßung und Feststellung der Beschlussfähigkeit</totext1>
          <volfdnr>0</volfdnr>
          <totyp>Kenntnis genommen</totyp>
        </item>
        <item>
          <tolfdnr>90002</tolfdnr><tofnum>2</tofnum><tofunum>1</tofunum><tofuunum>0</tofuunum><topnr>2</topnr>
          <toostLang>öffentlich</toostLang>
          <totext1>Ausbau der Größeren Gasse (Süd)</totext1>
          <volfdnr>10822</volfdnr>
          <voname>FB 61/0123/WP18</voname>
          <vobetr>Straßenausbau Größere Gasse: Entwurfsplanung</vobetr>
          <totyp>ungeändert beschlossen</totyp>
          <rtfWP><p>Der Rat beschließt die Entwurfsplanung.</p><p>Die Verwaltung wird beauftragt, die Maßnahme auszuschreiben.</p></rtfWP>
        </item>
        <item>
          <tolfdnr>90003</tolfdnr><tofnum>3</tofnum><tofunum>0</tofunum><tofuunum>0</tofuunum><topnr>3</topnr>
          <toostLang>nicht öffentlich</toostLang>
          <totext1>Grundstücksangelegenheit Flur 7</totext1>
          <volfdnr>0</volfdnr>
          <totyp>vertagt</totyp>
        </item>
        <item>
          <tolfdnr>90004</tolfdnr><tofnum>4</tofnum><tofunum>0</tofunum><tofuunum>0</tofuunum><topnr>4</topnr>
          <toostLang>öffentlich</toostLang>
          <totext1>Antrag der Fraktion: Tempo 30 in der Weißdornstraße</totext1>
          <volfdnr>10831</volfdnr>
          <voname>A 0042/WP18</voname>
          <totyp>abgelehnt (10 Ja-Stimmen, 13 Nein-Stimmen, 1 Enthaltung)</totyp>
        </item>
      </tolist>
    </item>
    <item>
      <silfdnr>4712</silfdnr>
      <sisbvcs>19.03.2026 16:30</sisbvcs>
      <sisevcs/>
      <siname>Sitzung des Ausschusses für Umwelt, Verkehr und Grünflächen</siname>
      <grname>Ausschuss für Umwelt, Verkehr und Grünflächen</grname>
      <raname>Sitzungsraum 2</raname>
      <tolist>
        <item>
          <tolfdnr>90101</tolfdnr><tofnum>1</tofnum><tofunum>0</tofunum><tofuunum>0</tofuunum><topnr>1</topnr>
          <toostLang>öffentlich</toostLang>
          <totext1>Baumschutzsatzung: Änderung</totext1>
          <volfdnr>10840</volfdnr>
          <voname>FB 36/0077/WP18</voname>
          <totyp>Einstimmige Zustimmung (15 Ja)</totyp>
        </item>
        <item>
          <tolfdnr>90102</tolfdnr><tofnum>2</tofnum><tofunum>0</tofunum><tofuunum>0</tofuunum><topnr>2</topnr>
          <toostLang>öffentlich</toostLang>
          <totext1>Anfrage zur Grünflächenpflege</totext1>
          <volfdnr>0</volfdnr>
          <totyp>erledigt durch Verwaltung</totyp>
        </item>
      </tolist>
    </item>
  </list>
"""


def document(encoding, body):
    return f'<?xml version="1.0" encoding="{encoding}"?>\n<si010>\n{body}</si010>\n'


open("allris-latin1.xml", "wb").write(document("ISO-8859-1", MEETINGS).encode("iso-8859-1"))
open("allris-utf8.xml", "wb").write(document("UTF-8", MEETINGS).encode("utf-8"))

CP1252 = """  <list>
    <item>
      <silfdnr>5001</silfdnr>
      <sisbvcs>02.04.2026 18:00</sisbvcs>
      <siname>Sitzung des Haupt- und Finanzausschusses</siname>
      <grname>Haupt- und Finanzausschuss</grname>
      <tolist>
        <item>
          <tolfdnr>91001</tolfdnr><tofnum>5</tofnum><tofunum>2</tofunum><tofuunum>1</tofuunum><topnr>7</topnr>
          <toostLang>öffentlich</toostLang>
          <totext1>„Stadtbahn – 2. Bauabschnitt“: Mehrkosten 1,2 Mio. €</totext1>
          <volfdnr>10900</volfdnr>
          <voname>FB 20/0456/WP18</voname>
          <totyp>mit Änderungen empfohlen</totyp>
        </item>
      </tolist>
    </item>
  </list>
"""
open("allris-cp1252.xml", "wb").write(document("windows-1252", CP1252).encode("cp1252"))

# Broken: needs --recover. Line numbers matter for the tests (see XMLRecoverTests).
BROKEN = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n'       # 1
    "<si010>\n"                                             # 2
    "  <list>\n"                                            # 3
    "    <item>\n"                                          # 4
    "      <silfdnr>6001</silfdnr>\n"                       # 5
    "      <sisbvcs>07.05.2026 17:00</sisbvcs>\n"           # 6
    "      <siname>Bau- & Planungsausschuss</siname>\n"     # 7  unescaped &
    "      <grname>Bau- &amp; Planungsausschuss</grname>\n" # 8  fine
    "      <tolist>\n"                                      # 9
    "        <item>\n"                                      # 10
    "          <tolfdnr>92001</tolfdnr><tofnum>1</tofnum><topnr>1</topnr>\n"  # 11
    "          <totext1>Tempo < 30 vor der Grundschule</a></totext1>\n"       # 12 stray < and </a>
    "          <totyp>ungeändert\x0b beschlossen</totyp>\n"                   # 13 control char
    "        </item>\n"                                     # 14
    "      </tolist>\n"                                     # 15
    "    </item>\n"                                         # 16
    "  </list>\n"                                           # 17
    "</si010>\n"                                            # 18
)
open("allris-broken.xml", "wb").write(BROKEN.encode("iso-8859-1"))

HOSTILE = {
    "xxe-file.xml": '<?xml version="1.0"?>\n<!DOCTYPE si010 [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<si010><list><item><siname>&xxe;</siname></item></list></si010>\n',
    "xxe-url.xml": '<?xml version="1.0"?>\n<!DOCTYPE si010 [\n  <!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret">\n]>\n<si010><list><item><siname>&xxe;</siname></item></list></si010>\n',
    "parameter-entity.xml": '<?xml version="1.0"?>\n<!DOCTYPE si010 [\n  <!ENTITY % remote SYSTEM "file:///etc/hostname">\n  %remote;\n]>\n<si010/>\n',
    "billion-laughs.xml": '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n'
    + '  <!ENTITY lol "lol">\n'
    + "".join(
        f'  <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10)
    )
    + "]>\n<si010><list><item><siname>&lol9;</siname></item></list></si010>\n",
    "external-dtd.xml": '<?xml version="1.0"?>\n<!DOCTYPE si010 SYSTEM "http://127.0.0.1:9/allris.dtd">\n<si010><list/></si010>\n',
}
for name, text in HOSTILE.items():
    open(name, "w").write(text)
