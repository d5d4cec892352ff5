// Places for synthetic addresses and events: woonplaats, gemeente, the four-digit postcode range that
// lies (approximately) inside it, the landline area code, a weight near the population in thousands
// (larger places see more victims), the police unit (regionale eenheid, 1-10) and the public
// prosecutor's district code used in parket numbers. Approximations written for this generator;
// good enough to look right, never to route mail.

export interface Place {
  woonplaats: string;
  gemeente: string;
  postcodeFrom: number;
  postcodeTo: number;
  areaCode: string;
  weight: number;
  policeUnit: number;
  parket: string;
}

// Police units: 1 Noord-Nederland, 2 Oost-Nederland, 3 Midden-Nederland, 4 Noord-Holland, 5 Amsterdam,
// 6 Den Haag, 7 Rotterdam, 8 Zeeland-West-Brabant, 9 Oost-Brabant, 10 Limburg.
// Parket (arrondissement) codes: 18 Noord-Nederland, 08 Overijssel, 05 Gelderland, 16 Midden-Nederland,
// 15 Noord-Holland, 13 Amsterdam, 09 Den Haag, 10 Rotterdam, 02 Zeeland-West-Brabant, 01 Oost-Brabant, 03 Limburg.
type Row = [string, string, number, number, string, number, number, string];

const ROWS: Row[] = [
  ['Amsterdam', 'Amsterdam', 1011, 1109, '020', 930, 5, '13'],
  ['Rotterdam', 'Rotterdam', 3011, 3089, '010', 665, 7, '10'],
  ['Den Haag', "'s-Gravenhage", 2491, 2597, '070', 570, 6, '09'],
  ['Utrecht', 'Utrecht', 3511, 3585, '030', 375, 3, '16'],
  ['Eindhoven', 'Eindhoven', 5611, 5658, '040', 245, 9, '01'],
  ['Groningen', 'Groningen', 9711, 9747, '050', 240, 1, '18'],
  ['Tilburg', 'Tilburg', 5011, 5049, '013', 225, 8, '02'],
  ['Almere', 'Almere', 1311, 1364, '036', 225, 3, '16'],
  ['Breda', 'Breda', 4811, 4839, '076', 185, 8, '02'],
  ['Nijmegen', 'Nijmegen', 6511, 6546, '024', 185, 2, '05'],
  ['Apeldoorn', 'Apeldoorn', 7311, 7339, '055', 168, 2, '05'],
  ['Haarlem', 'Haarlem', 2011, 2037, '023', 165, 4, '15'],
  ['Arnhem', 'Arnhem', 6811, 6846, '026', 165, 2, '05'],
  ['Enschede', 'Enschede', 7511, 7548, '053', 160, 2, '08'],
  ['Amersfoort', 'Amersfoort', 3811, 3829, '033', 160, 3, '16'],
  ['Zaandam', 'Zaanstad', 1501, 1509, '075', 160, 5, '15'],
  ["'s-Hertogenbosch", "'s-Hertogenbosch", 5211, 5249, '073', 160, 9, '01'],
  ['Hoofddorp', 'Haarlemmermeer', 2131, 2136, '023', 160, 4, '15'],
  ['Zwolle', 'Zwolle', 8011, 8043, '038', 132, 2, '08'],
  ['Zoetermeer', 'Zoetermeer', 2711, 2729, '079', 127, 6, '09'],
  ['Leiden', 'Leiden', 2311, 2334, '071', 127, 6, '09'],
  ['Maastricht', 'Maastricht', 6211, 6229, '043', 122, 10, '03'],
  ['Dordrecht', 'Dordrecht', 3311, 3329, '078', 120, 7, '10'],
  ['Ede', 'Ede', 6711, 6718, '0318', 120, 2, '05'],
  ['Alphen aan den Rijn', 'Alphen aan den Rijn', 2401, 2409, '0172', 113, 6, '09'],
  ['Naaldwijk', 'Westland', 2671, 2671, '0174', 112, 6, '09'],
  ['Alkmaar', 'Alkmaar', 1811, 1827, '072', 110, 4, '15'],
  ['Emmen', 'Emmen', 7811, 7828, '0591', 107, 1, '18'],
  ['Delft', 'Delft', 2611, 2629, '015', 104, 6, '09'],
  ['Venlo', 'Venlo', 5911, 5928, '077', 102, 10, '03'],
  ['Deventer', 'Deventer', 7411, 7429, '0570', 101, 2, '08'],
  ['Leeuwarden', 'Leeuwarden', 8911, 8939, '058', 125, 1, '18'],
  ['Helmond', 'Helmond', 5701, 5709, '0492', 93, 9, '01'],
  ['Hilversum', 'Hilversum', 1211, 1223, '035', 91, 3, '16'],
  ['Heerlen', 'Heerlen', 6411, 6422, '045', 87, 10, '03'],
  ['Oss', 'Oss', 5341, 5349, '0412', 93, 9, '01'],
  ['Amstelveen', 'Amstelveen', 1181, 1189, '020', 92, 5, '13'],
  ['Sneek', 'Súdwest-Fryslân', 8601, 8608, '0515', 92, 1, '18'],
  ['Sittard', 'Sittard-Geleen', 6131, 6137, '046', 91, 10, '03'],
  ['Purmerend', 'Purmerend', 1441, 1448, '0299', 93, 5, '13'],
  ['Roosendaal', 'Roosendaal', 4701, 4709, '0165', 78, 8, '02'],
  ['Schiedam', 'Schiedam', 3111, 3125, '010', 80, 7, '10'],
  ['Lelystad', 'Lelystad', 8211, 8245, '0320', 80, 3, '16'],
  ['Gouda', 'Gouda', 2801, 2809, '0182', 75, 6, '09'],
  ['Vlaardingen', 'Vlaardingen', 3131, 3138, '010', 75, 7, '10'],
  ['Hoorn', 'Hoorn', 1621, 1628, '0229', 75, 4, '15'],
  ['Middelburg', 'Middelburg', 4331, 4339, '0118', 49, 8, '02'],
  ['Assen', 'Assen', 9401, 9409, '0592', 69, 1, '18'],
  ['Den Helder', 'Den Helder', 1781, 1789, '0223', 56, 4, '15'],
  ['Almelo', 'Almelo', 7601, 7609, '0546', 74, 2, '08'],
  ['Capelle aan den IJssel', 'Capelle aan den IJssel', 2901, 2909, '010', 68, 7, '10'],
  ['Katwijk', 'Katwijk', 2221, 2225, '071', 66, 6, '09'],
  ['Veenendaal', 'Veenendaal', 3901, 3907, '0318', 67, 3, '16'],
  ['Nieuwegein', 'Nieuwegein', 3431, 3439, '030', 64, 3, '16'],
  ['Zeist', 'Zeist', 3701, 3709, '030', 66, 3, '16'],
  ['Terneuzen', 'Terneuzen', 4531, 4539, '0115', 54, 8, '02'],
  ['Kampen', 'Kampen', 8261, 8267, '038', 55, 2, '08'],
  ['Harderwijk', 'Harderwijk', 3841, 3849, '0341', 48, 2, '05'],
  ['Doetinchem', 'Doetinchem', 7001, 7009, '0314', 58, 2, '05'],
  ['Roermond', 'Roermond', 6041, 6049, '0475', 59, 10, '03'],
  ['Goes', 'Goes', 4461, 4465, '0113', 38, 8, '02'],
  ['Vlissingen', 'Vlissingen', 4381, 4389, '0118', 45, 8, '02'],
  ['Meppel', 'Meppel', 7941, 7948, '0522', 34, 1, '18'],
  ['Drachten', 'Smallingerland', 9201, 9206, '0512', 56, 1, '18'],
  ['Heerenveen', 'Heerenveen', 8441, 8448, '0513', 51, 1, '18'],
  ['Winterswijk', 'Winterswijk', 7101, 7109, '0543', 29, 2, '05'],
  ['Ommen', 'Ommen', 7731, 7731, '0529', 18, 2, '08'],
  ['Urk', 'Urk', 8321, 8322, '0527', 22, 3, '16'],
  ['Zierikzee', 'Schouwen-Duiveland', 4301, 4301, '0111', 34, 8, '02'],
  ['Bergen op Zoom', 'Bergen op Zoom', 4611, 4625, '0164', 68, 8, '02'],
  ['Woerden', 'Woerden', 3441, 3449, '0348', 53, 3, '16'],
  ['Den Burg', 'Texel', 1791, 1791, '0222', 14, 4, '15'],
  ['Weert', 'Weert', 6001, 6006, '0495', 50, 10, '03'],
  ['Hengelo', 'Hengelo', 7551, 7559, '074', 81, 2, '08'],
  ['Spijkenisse', 'Nissewaard', 3201, 3209, '0181', 85, 7, '10'],
  ['Gorinchem', 'Gorinchem', 4201, 4209, '0183', 38, 7, '10'],
];

export const PLACES: Place[] = ROWS.map(([woonplaats, gemeente, postcodeFrom, postcodeTo, areaCode, weight, policeUnit, parket]) => ({
  woonplaats,
  gemeente,
  postcodeFrom,
  postcodeTo,
  areaCode,
  weight,
  policeUnit,
  parket,
}));

/** E-mail domains as people in the Netherlands use them, weighted. */
export const EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['gmail.com', 35],
  ['hotmail.com', 18],
  ['outlook.com', 8],
  ['live.nl', 5],
  ['ziggo.nl', 7],
  ['kpnmail.nl', 6],
  ['hotmail.nl', 4],
  ['icloud.com', 5],
  ['planet.nl', 2],
  ['hetnet.nl', 2],
  ['home.nl', 2],
  ['xs4all.nl', 2],
  ['yahoo.com', 2],
  ['outlook.nl', 2],
];

/** Reserved for documentation (RFC 2606/6761): addresses that can never reach a real mailbox. */
export const RESERVED_EMAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ['example.com', 5],
  ['example.net', 2],
  ['example.org', 2],
  ['voorbeeld.example', 1],
];
