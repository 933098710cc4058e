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
