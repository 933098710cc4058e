package schema

// Vocabularies of the subject matter. Add a term here, with what it means,
// before a rule uses it.

// Languages are ISO 639-1 codes of the texts.
var Languages = &Vocab{
	Name:        "language",
	Description: "ISO 639-1 language codes.",
	Terms:       []Term{{"en", "English."}},
}

// ExpenditureMeasures say what a sum of money measures.
var ExpenditureMeasures = &Vocab{
	Name:        "expenditure_measure",
	Description: "What a military sum of money measures.",
	Terms: []Term{
		{"defence_budget", "Annual defence budget of a state."},
		{"hardware_spending", "Spending on military hardware (procurement) over a period."},
		{"arms_deliveries_value", "Value of arms delivered, as a whole, over a period."},
		{"debt", "Money one state owes another for a military installation or service."},
	},
}

// ForceKinds say what a personnel figure counts.
var ForceKinds = &Vocab{
	Name:        "force_kind",
	Description: "What a personnel figure counts.",
	Terms: []Term{
		{"national_armed_forces", "The armed forces of a state, at home."},
		{"de_facto_forces", "Forces of an authority without general recognition (the Nagorno-Karabakh authorities)."},
		{"foreign_troops_at_base", "Troops one state keeps at a base or installation on another's territory."},
		{"peacekeepers", "A peacekeeping force."},
		{"exercise_participants", "Personnel taking part in a military exercise."},
		{"irregular_fighters", "Fighters of armed groups, volunteers or mercenaries sent to a conflict."},
	},
}

// WeaponCategories classify weapons, after SIPRI's categories.
var WeaponCategories = &Vocab{
	Name:        "weapon_category",
	Description: "Kind of weapon, after SIPRI's arms transfers categories.",
	Terms: []Term{
		{"aircraft", "Fixed-wing combat and transport aircraft."},
		{"air_defence_system", "Surface-to-air missile and air-defence systems (S-300)."},
		{"missile", "Missiles, counted as missiles."},
		{"missile_system", "Ground-launched missile systems, counted as launchers or systems (Iskander)."},
		{"armoured_vehicle", "Tanks, armoured personnel carriers and other armoured vehicles."},
		{"artillery", "Guns, howitzers and rocket launchers."},
		{"uav", "Unmanned aerial vehicles, including loitering munitions (\"kamikaze drones\")."},
		{"mixed", "Arms of several or unspecified kinds (\"arms\", \"weaponry\", \"equipment\")."},
	},
}

// TransferStatuses say what a text reports about a transfer.
var TransferStatuses = &Vocab{
	Name:        "transfer_status",
	Description: "What the text says happened to a transfer. A transfer reported by one party and denied by another is two rows.",
	Terms: []Term{
		{"delivered", "The weapons were delivered, bought or supplied."},
		{"ordered", "A contract or order was signed; delivery not reported."},
		{"offered", "The supplier offered the weapons or support; no deal reported."},
		{"reported", "A deal or delivery reported by someone (the attribution says whom) and not confirmed."},
		{"denied", "A party denied the deal or delivery (the attribution says who)."},
		{"displayed", "The weapons were shown in public, for example paraded; proof of possession, not of the date of delivery."},
		{"produced_locally", "Production in the recipient's country was announced or under way."},
		{"planned", "Purchases announced or expected, not yet ordered."},
	},
}

// Conditions record the equipment's condition as SIPRI does.
var Conditions = &Vocab{
	Name:        "condition",
	Description: "Condition of transferred equipment, as SIPRI's register records it.",
	Terms: []Term{
		{"new", "New equipment (\"brand-new\")."},
		{"second_hand", "Used equipment (\"ex-Soviet\", taken from another army's stocks)."},
		{"second_hand_modernised", "Used equipment modernised before transfer."},
		{"unknown", "The text does not say."},
	},
}

// DeploymentKinds say what is deployed.
var DeploymentKinds = &Vocab{
	Name:        "deployment_kind",
	Description: "What one actor keeps on another's territory.",
	Terms: []Term{
		{"military_base", "A military base."},
		{"air_unit", "An air squadron or other air unit at an airfield."},
		{"radar_station", "A radar or early-warning station."},
		{"peacekeeping_force", "A peacekeeping force."},
		{"border_guard", "Border or transport-route guards."},
		{"monitoring_centre", "A ceasefire monitoring centre."},
		{"forward_arsenal", "Weapons and equipment stocked forward."},
		{"occupation", "Forces holding territory internationally recognised as another state's (\"continues to occupy\")."},
	},
}

// AgreementKinds say what an agreement is about.
var AgreementKinds = &Vocab{
	Name:        "agreement_kind",
	Description: "What an agreement is about.",
	Terms: []Term{
		{"defence_cooperation", "Cooperation between defence ministries or armed forces."},
		{"military_technical_cooperation", "Arms sales, equipment, spare parts and training (military-technical cooperation)."},
		{"officer_training", "Admission of officers to military academies."},
		{"basing", "Terms of a base or installation on another's territory."},
		{"mutual_assistance", "Friendship, alliance or mutual assistance, including joint defence."},
		{"joint_forces", "A joint command, force group or joint air-defence system."},
		{"ceasefire", "A ceasefire, truce or cessation of hostilities."},
		{"monitoring", "Joint monitoring of a ceasefire."},
		{"peace_plan", "A framework or principles for a settlement."},
		{"normalisation", "Normalisation of diplomatic relations."},
		{"energy", "Energy supply or purchase."},
	},
}

// EventKinds say what happened.
var EventKinds = &Vocab{
	Name:        "event_kind",
	Description: "What kind of event a row records.",
	Terms: []Term{
		{"war", "A war or armed conflict as a whole."},
		{"clash", "Fighting, clashes or an offensive within a conflict."},
		{"ceasefire_violation", "Violations of a ceasefire."},
		{"attack", "A single strike or attack."},
		{"visit", "An official visit."},
		{"meeting", "Talks or a summit."},
		{"exercise", "A military exercise."},
		{"parade", "A military parade."},
		{"declaration", "A declaration of independence, a referendum or a change of status."},
		{"mobilisation", "Martial law or mobilisation."},
		{"announcement", "A statement or decision announced in public."},
		{"embargo", "An arms embargo or sanctions imposed, lifted or expiring."},
		{"formation", "An organisation, alliance or armed group is founded, or joined by another (ACLED's \"change to group\"): the OSCE Minsk Group established in 1994, the Syrian National Army created in 2017."},
	},
}

// EventMeasures say what an event's count counts.
var EventMeasures = &Vocab{
	Name:        "event_measure",
	Description: "What the figure of an event counts.",
	Terms: []Term{
		{"killed", "People killed."},
		{"casualties", "Casualties (killed and wounded), as the text says."},
		{"displaced", "People displaced or made refugees."},
		{"violations", "Ceasefire violations counted."},
		{"meetings", "Meetings held."},
		{"duration_days", "Length of the event in days."},
		{"duration_hours", "Length of the event in hours (\"the 24 hours of his stay\")."},
		{"documents_signed", "Agreements or other documents signed during the event."},
		{"districts_seized", "Administrative districts of a state seized and held by the other side's forces, beyond the disputed territory itself."},
	},
}

// DistanceMeasures say what a distance measures.
var DistanceMeasures = &Vocab{
	Name:        "distance_measure",
	Description: "What a distance measures.",
	Terms: []Term{
		{"length", "Length of a line (a line of contact)."},
		{"distance_from", "Distance of a place from a reference place."},
	},
}

// ClaimKinds say what a text's claim asserts.
var ClaimKinds = &Vocab{
	Name:        "claim_kind",
	Description: "What a comparison or derived claim of a text asserts.",
	Terms: []Term{
		{"ratio", "The subject's figure is the stated multiple of the object's (\"more than three times\")."},
		{"greater", "The subject's figure exceeds the object's (\"a bigger army than\")."},
		{"less", "The subject's figure is below the object's."},
		{"rank", "The subject ranks first, second … among others (\"the largest\"); checkable only when every rival is a row."},
		{"first", "The subject came first of its kind, in time (\"the first document since the end of the Soviet era\", \"the first visit by a Russian president\"). The object, if any, is a rival of the same kind from any source; the claim fails when the object came before the subject. One earlier rival refutes a first, and no set of rows proves one, so it never holds."},
	},
}

// ClaimResults say whether the rows bear a claim out.
var ClaimResults = &Vocab{
	Name:        "claim_result",
	Description: "Whether the rows a claim compares bear it out.",
	Terms: []Term{
		{"holds", "The rows' values satisfy the claim."},
		{"fails", "The rows' values contradict the claim: a finding worth a look."},
		{"cannot_check", "The rows needed are missing or have no comparable value; the detail says what is missing."},
	},
}

// WaiverReasons say why a figure in a text yields no row.
var WaiverReasons = &Vocab{
	Name:        "waiver_reason",
	Description: "Why a figure found in a text is not claimed by any rule.",
	Terms: []Term{
		{"footnote_marker", "A footnote number: glued to a word (\"troops57\") or opening a footnote."},
		{"footnote", "Inside a footnote that cites or remarks on other works, not a fact of the dataset."},
		{"bibliography", "Inside the bibliography or a citation: titles, issue numbers, dates of access."},
		{"publication_data", "The source's own date, volume, issue or pages."},
		{"page_furniture", "Running headers, page numbers, web-page furniture, contact details."},
		{"enumeration", "The numbering of a list (\"(1)\", \"(2)\")."},
		{"not_military", "A figure outside the dataset's subject (energy reserves, economics, history unrelated to the conflict)."},
		{"not_a_quantity", "An ordinal, anniversary or label that counts nothing (\"25th anniversary\")."},
		{"duplicate_passage", "A repeated passage whose first occurrence is claimed."},
		{"refers_back", "A figure or date that names again a fact a row of the same text claims (\"the 10 November agreement\", \"not until 2016\"); the note names the row."},
		{"vague", "Too vague to give a figure or a time a row could use (\"20 years of conflict\" as a manner of speaking)."},
		{"outside_tables", "A figure or date of a military fact that no table of the dataset records, or none can hold truthfully: a command centre's remit, a trend in a fleet's capabilities, the year an installation was built by a builder the text does not name; the note says what it is."},
	},
}

// CoverageStatuses say how a figure is accounted for.
var CoverageStatuses = &Vocab{
	Name:        "coverage_status",
	Description: "How a figure found in a text is accounted for.",
	Terms: []Term{
		{"claimed", "A rule's row uses it (a figure, time or verbatim text of the row covers it)."},
		{"waived", "A waiver covers it, with a reason."},
	},
}

// MentionKinds are the kinds of figure the scanner finds.
var MentionKinds = &Vocab{
	Name:        "mention_kind",
	Description: "Kinds of figure the builder's scanner finds in a text.",
	Terms: []Term{
		{"number", "Digits, possibly with thousands commas or a decimal point (\"67,000\", \"1.4\")."},
		{"year", "Four digits from 1000 to 2099 standing alone (\"2009\")."},
		{"range", "Two numbers joined by a hyphen or dash (\"1994-97\", \"2–3\")."},
		{"word", "A number word (\"two\", \"dozens\", \"million\"); a bare \"one\" is not counted."},
		{"ordinal", "Digits with an ordinal suffix (\"102nd\", \"25th\")."},
		{"unit", "Digits glued to a unit (\"270km\")."},
		{"glued", "Digits glued to the end of a word (\"troops57\"): in these texts, footnote markers."},
	},
}

// LinkRelations say how two reports of the same quantity relate.
var LinkRelations = &Vocab{
	Name:        "link_relation",
	Description: "How two rows reporting the same quantity or fact relate. Figures are compared as intervals: exact = the value; approx = ±10%; more than / at least = value and above; up to / nearly / less than = up to the value; range = its bounds; order of magnitude = floor to ten times the floor. Distances are compared in kilometres. Rows of different times report two states of affairs, so there overlapping intervals prove nothing: they agree only when they give the same figure.",
	Terms: []Term{
		{"agree", "The figures' intervals overlap at overlapping or unknown times, or the rows give the same figure (value and bounds) at different times; or, for facts, the curator found the reports consistent."},
		{"differ_over_time", "The figures differ and apply to different times: both may be right. Figures whose intervals overlap differ too when they are not the same (\"more than 3,500\" in 2010, \"more than 3,000\" in 2020)."},
		{"conflict", "The figures differ for the same or an unknown time, or the curator found the reports contradictory."},
	},
}
