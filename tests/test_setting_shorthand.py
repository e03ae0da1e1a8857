"""Abbreviations read as the setting's (an eye clinic, a movement clinic, a liver ward) only where the note is one."""

import pytest

from assistant.query import analyse
from assistant.setting_shorthand import spelled_out


@pytest.mark.parametrize("text, words", [
    ("NS 2+ OD, BCVA 20/50", "nuclear cataract"),
    ("PSC OS", "posterior subcapsular"),
    ("DES OU, TBUT 4s", "dry eye syndrome"),
    ("PD 12 yrs, wearing off + peak dose dyskinesias", "Parkinson's disease"),
    ("RRMS on ocrelizumab, EDSS 2.0, MS stable", "multiple sclerosis"),
    ("#SBP (PMN 680) in cirrhosis - CTX + albumin", "spontaneous bacterial peritonitis"),
    ("#HE grade 2 - lactulose titrate to 3-4 BMs, add rifaximin", "hepatic encephalopathy"),
    ("#HIT - PF4 + / SRA +, hep stopped, argatroban", "heparin induced thrombocytopenia"),
    ("L pigtail CT placed for hemothorax, 400cc out", "chest tube"),
    ("#PEA arrest - ROSC after 12 min", "pulseless electrical activity"),
    ("Guillain Barre suspected: GBS with areflexia, starting IVIG", "Guillain-Barre"),
    ("IR: routine L PCN exchange over wire, 10 Fr, hydronephrosis resolved", "nephrostomy"),
    ("SLP did FEES at bedside - penetration w/ thin", "instrumental swallowing"),
    ("Native aortic valve IE, blood cx E. faecalis x2", "infective endocarditis"),
    ("R fem to AK pop bypass, 6 Fr sheath", "femoral artery to AK popliteal artery"),
    ("Neutropenic fever, ANC 0.2, day 10 after cyclophosphamide", "secondary to cancer chemotherapy"),
])
def test_a_note_of_the_setting_reads_the_abbreviation_as_its(text: str, words: str) -> None:
    assert words in spelled_out(text)


@pytest.mark.parametrize("text", [
    "NS 1L bolus IV for hypotension", "PCI with DES to the mid LAD",
    "ESRD on PD, exit site clean", "MS with severe calcification, valve area 0.9",
    "SBP 190 on arrival, headache", "hit by a car, L tib fx",
    "he has cirrhosis with ascites, no confusion",  # the pronoun, not hepatic encephalopathy
    "CT head showed no bleed", "Chest CT shows a cavitary lesion in the right upper lobe",
    "GBS positive at 36 weeks, plan intrapartum penicillin",
    "PCN allergy - rash as a child", "fees for the visit were waived",
    "IE rash on legs, i.e. petechiae", "pop-up clinic visit, fem hernia",
    "febrile neutropenia from clozapine, ANC 300",
])
def test_outside_the_setting_the_abbreviation_keeps_its_other_meaning(text: str) -> None:
    assert spelled_out(text) == text


def test_a_dry_eye_drops_the_stent_reading() -> None:
    expanded = analyse("DES OU - TBUT 4s, inferior PEE OU").expanded.lower()
    assert "dry eye" in expanded and "stent" not in expanded


def test_parkinsons_drops_the_dialysis_reading() -> None:
    expanded = analyse("idiopathic PD, H&Y 2, on carbidopa/levodopa, no dyskinesias").expanded.lower()
    assert "parkinson" in expanded and "dialysis" not in expanded


@pytest.mark.parametrize("text, words", [
    ("dual chamber PPM, RA/RV leads via L axillary", "right atrium and right ventricle"),
    ("CRS maxillary bilat, failed medical therapy", "chronic sinusitis"),
    ("COME bilat, type B tymps AU", "chronic serous otitis media"),
    ("CR nasal fx w/ Asch forceps, Denver splint", "closed reduction"),
])
def test_device_ent_and_fracture_notes_read_their_abbreviations(text: str, words: str) -> None:
    assert words in spelled_out(text)


@pytest.mark.parametrize("text", ["sat 92% on RA, PE with clot in RV", "RA on methotrexate, flare",
                                  "Cr 1.4, CKD 3a"])
def test_outside_those_notes_the_abbreviations_stay(text: str) -> None:
    assert spelled_out(text) == text


@pytest.mark.parametrize("text, words", [
    ("ex-25 wker at 36 wk PMA still on NC O2 -> BPD", "bronchopulmonary dysplasia"),
    ("DOL 14 in NICU, pneumatosis, NEC Bell stage IIA", "necrotizing enterocolitis in newborn stage 2"),
    ("ELBW 24 wker DOL 6, pneumoperitoneum -> SIP", "perinatal intestinal perforation"),
    ("TBI 12 Gy in 6 fx before allo transplant, 6 MV AP/PA", "total body irradiation"),
    ("breast RT 42.56 Gy/16 fx, tangents", "radiation therapy"),
])
def test_a_newborn_unit_and_a_radiation_note_read_their_shorthand(text: str, words: str) -> None:
    assert words in spelled_out(text)


@pytest.mark.parametrize("text, kept", [
    ("BPD, on lamotrigine, self-harm hx", "BPD"),          # a personality disorder outside a newborn unit
    ("TBI after MVC, GCS 13", "TBI"),                      # a brain injury outside a radiation note
    ("Bell palsy R face, no NEC", "Bell palsy"),           # Bell staging only beside a necrotizing enterocolitis
    ("RT knee pain", "RT"),
])
def test_outside_its_setting_the_abbreviation_is_left(text: str, kept: str) -> None:
    assert kept in spelled_out(text)
