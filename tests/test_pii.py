"""Likely personal data in Dutch story text: what must be flagged and what must not."""
import pytest
from hypothesis import given
from hypothesis import strategies as st

from vertelpunt.moderate.pii import describe_kinds, find_pii, highlight_spans


def kinds(text):
    return [(m.kind, m.text) for m in find_pii(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("Je kunt me bellen op 06-12345678 als je wilt.", [("phone", "06-12345678")]),
    ("Mijn nummer is 06 1234 5678.", [("phone", "06 1234 5678")]),
    ("Bel +31 6 12345678 maar.", [("phone", "+31 6 12345678")]),
    ("Het kantoor: 010-1234567.", [("phone", "010-1234567")]),
    ("Mail naar jan.jansen@example.nl voor meer.", [("email", "jan.jansen@example.nl")]),
    ("We wonen in 6511 AB sinds kort.", [("postcode", "6511 AB")]),
    ("Het huis aan de Kerkstraat 12a was te klein.", [("address", "Kerkstraat 12a")]),
    ("Ik woon op de Van Goghlaan 3.", [("address", "Van Goghlaan 3")]),
    ("Zijn bsn is 111222333, dat stond op de brief.", [("bsn", "111222333")]),
    ("Stort het op NL91 ABNA 0417 1643 00 graag.", [("iban", "NL91 ABNA 0417 1643 00")]),
    ("Stort het op NL91ABNA0417164300.", [("iban", "NL91ABNA0417164300")]),
    ("Toen kwam mevrouw Jansen langs.", [("name", "Jansen")]),
    ("De voogd heette Pieter de Boer en hij luisterde.", [("name", "Pieter de Boer")]),
    ("Gelukkig was Fatima er voor ons.", [("name", "Fatima")]),
])
def test_flags_personal_data(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize("text", [
    "Bij gevaar bel je 112.",
    "Ik belde de Kindertelefoon op 0800-0432.",
    "Veilig Thuis (0800-2000) belde terug.",
    "Op 12-03-2024 was de zitting.",
    "Het kostte € 1.250,00 per maand.",
    "In 2019 begon het, 3 keer per week.",
    "Het nummer 123456789 klopt niet met de elfproef.",
    "Het rekeningnummer NL91 ABNA 0417 1643 01 is fout.",
    "Ik liep over straat en was bang.",
    "De voogd zei dat het goed kwam.",
    "Mijn moeder en ik gingen naar de rechter in Nijmegen.",
    "Jeugdzorg en het Wijkteam deden niets.",
    "Wij zaten 10 weken op de wachtlijst, 80% van de tijd alleen.",
])
def test_does_not_cry_wolf(text):
    assert find_pii(text) == []


def test_a_realistic_story_with_and_without_personal_data():
    story = ("Onze zoon was twaalf toen het misging op school. We klopten aan bij het wijkteam, maar daar "
             "duurde het maanden voor er iemand kwam. De jeugdbeschermer die we uiteindelijk kregen, nam wel de "
             "tijd. Ze vroeg wat wij nodig hadden en wat hij zelf wilde. Dat was voor het eerst. Toch wisselde ze "
             "na een half jaar van baan en moesten we alles opnieuw vertellen. Ik snap dat mensen weggaan, maar "
             "voor een kind is dat steeds weer een klap. Wat zou helpen: één vast gezicht en eerlijk zeggen hoe "
             "lang het duurt.")
    assert find_pii(story) == []
    marked = story.replace("De jeugdbeschermer", "Mevrouw Bakker, de jeugdbeschermer,").replace(
        "nam wel de tijd.", "nam wel de tijd (06-87654321). Ze kwam naar de Dorpsstraat 4.")
    assert sorted(m.kind for m in find_pii(marked)) == ["address", "name", "phone"]


def test_describe_kinds_for_the_teller():
    assert describe_kinds({"name", "phone"}) == "een naam of telefoonnummer"
    assert describe_kinds(["email"]) == "een e-mailadres"
    assert describe_kinds({"name", "phone", "email"}) == "een naam, telefoonnummer of e-mailadres"
    assert describe_kinds([]) == ""


def test_highlight_spans_reassemble_the_text():
    text = "Bel mevrouw Jansen op 06-12345678, dank."
    spans = highlight_spans(text, find_pii(text))
    assert "".join(segment for segment, _ in spans) == text
    assert [kind for _, kind in spans if kind] == ["name", "phone"]


def _valid_bsn(prefix: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(prefix, range(9, 1, -1)))
    check = total % 11
    return None if check == 10 else prefix + str(check)


@given(st.text(max_size=400))
def test_never_raises_and_matches_are_consistent(text):
    matches = find_pii(text)
    for match in matches:
        assert 0 <= match.start < match.end <= len(text) and text[match.start:match.end] == match.text
    assert all(a.end <= b.start for a, b in zip(matches, matches[1:]))


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_generated_bsns_follow_the_elfproef(prefix):
    bsn = _valid_bsn(prefix)
    if bsn is None or set(bsn) == {"0"}:
        return
    assert ("bsn", bsn) in kinds(f"Mijn bsn is {bsn} zei ik.")
    broken = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)
    assert not any(kind == "bsn" for kind, _ in kinds(f"Mijn bsn is {broken} zei ik."))


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=4, max_size=4),
       st.text(alphabet="0123456789", min_size=10, max_size=10))
def test_generated_ibans_follow_mod_97(bank, account):
    body = bank + account
    numeric = "".join(str(int(ch, 36)) for ch in body + "NL00")
    iban = f"NL{98 - int(numeric) % 97:02d}{body}"
    assert ("iban", iban) in kinds(f"Het geld ging naar {iban} vorige week.")
    broken = iban[:-1] + str((int(iban[-1]) + 1) % 10)
    assert not any(kind == "iban" for kind, _ in kinds(f"Het geld ging naar {broken} vorige week."))
