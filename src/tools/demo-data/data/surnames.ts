// Surnames for synthetic persons, weighted roughly by how many people in the Netherlands carry them
// (approximate thousands for the Dutch list, relative weights elsewhere; written for this generator
// after the well-known top lists, not copied). Split as the BRP stores them: the voorvoegsel
// (tussenvoegsel: "van der", "de", "in 't") apart from the achternaam ("Berg"). Entry format:
//   [voorvoegsel|]Achternaam[/FemaleForm]:weight       (entries separated by ';')
// The female form is for languages where the surname changes with sex (Polish -ski/-ska).

export interface Surname {
  prefix: string | null;
  name: string;
  female: string | null;
  weight: number;
}

export function parseSurnames(source: string): Surname[] {
  return source
    .split(';')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.lastIndexOf(':');
      const head = colon < 0 ? entry : entry.slice(0, colon);
      const weight = colon < 0 ? 1 : Number(entry.slice(colon + 1));
      const bar = head.indexOf('|');
      const prefix = bar < 0 ? null : head.slice(0, bar);
      const [name, female] = head.slice(bar + 1).split('/');
      return { prefix, name: name!, female: female ?? null, weight };
    });
}

export const DUTCH_SURNAMES = parseSurnames(`
de|Jong:87; Jansen:75; de|Vries:74; van den|Berg:61; van|Dijk:58; Bakker:57; Janssen:56; Visser:50; Smit:48;
Meijer:45; de|Boer:43; Mulder:41; de|Groot:40; Bos:39; Vos:37; Peters:36; Hendriks:35; van|Leeuwen:34; Dekker:33;
Brouwer:31; de|Wit:30; Dijkstra:30; Smits:29; de|Graaf:29; van der|Meer:28; van der|Linden:26; Kok:26; Jacobs:25;
de|Haan:25; Vermeulen:24; van den|Heuvel:24; van der|Veen:23; van den|Broek:23; de|Bruijn:22; de|Bruin:22;
van der|Heijden:22; Schouten:21; van|Beek:21; Willems:21; van|Vliet:20; van de|Ven:20; Hoekstra:20; Maas:20;
Verhoeven:19; Koster:19; van|Dam:19; van der|Wal:19; Prins:18; Blom:18; Huisman:18; Peeters:18; de|Jonge:18;
Kuipers:17; van|Veen:17; Post:17; Kuiper:17; Veenstra:17; Kramer:16; van den|Brink:16; Scholten:16; van|Wijk:16;
Postma:16; Martens:15; Vink:15; de|Ruiter:15; Timmermans:15; Groen:15; Gerritsen:15; Jonker:15; van|Loon:15;
Boer:14; van der|Velde:14; Willemsen:14; Smeets:14; de|Lange:14; de|Vos:14; Bosch:14; van|Dongen:14; Schipper:13;
de|Koning:13; van der|Laan:13; Koning:13; van der|Velden:13; Driessen:13; van|Doorn:13; Hermans:13; Evers:12;
van den|Bosch:12; van der|Meulen:12; Hofman:12; Bosman:12; Wouters:12; Sanders:12; van der|Plas:11; van|Rijn:11;
Molenaar:11; Claassen:10; Goossens:10; Kroon:8; Wijnen:8; Verbeek:11; Hoogendoorn:9;
Hoekman:8; Steenbergen:8; Nijland:7; Veldman:9; Haverkamp:7; Ouwehand:6; Roelofs:9; van|Os:9; Verheij:8;
van der|Berg:9; van|Gils:7; Pronk:7; Rutten:10; Biesheuvel:5; Vogel:9; Oosterhuis:7; Kerkhof:7; Wolters:9;
van|Essen:8; Lammers:8; de|Wilde:9; Zijlstra:9; Kooistra:7; Bouma:10; Wiersma:9; Jongsma:7; Hoogland:8;
Brink:7; Pauw:5; Geerts:7; Schreurs:7; Aarts:9; Schut:7; Mol:8; Kuijpers:10; van|Schaik:8; van|Rooij:9;
Zwart:9; van der|Zwaan:6; Bulten:5; Jongeneel:4; Landman:5; Moerman:6; Brands:6; Akkerman:6; de|Mol:6;
van|Eijk:8; van der|Horst:9; van|Zanten:7; Bruins:6; Franssen:7; Verschuren:7; Mertens:7; Coenen:6;
van|Es:8; de|Kok:7; Overbeek:6; van der|Poel:8; van|Hout:6; Ruiter:6; Boersma:9; de|Weerd:6; Terpstra:7;
Mooij:7; Hoogeveen:7; Stam:8; Bakkers:4; Wolff:5; de|Rooij:8; van der|Stoep:4; Vroom:5; Visscher:6;
ter|Horst:7; ten|Brink:6; ten|Hove:4; ter|Haar:5; ten|Cate:3; ter|Beek:4; ten|Have:3; ter|Steege:2; ten|Bosch:3;
in 't|Veld:5; van 't|Hof:4; van 't|Veer:2; op den|Kamp:3; den|Hartog:7; den|Boer:4; den|Ouden:4; van het|Kaar:1;
van|Rossum:6; uit den|Bogaard:2; van|Boxtel:5; van de|Kamp:6; van de|Wetering:5; van de|Pol:5; van de|Sande:5;
de|Bakker:4; de|Kruijf:4; van|Wijngaarden:5; van|Houten:6; van|Ginkel:5; van|Maanen:4; Haasnoot:5; Kruijt:4`);

export const FOREIGN_SURNAMES: Record<string, Surname[]> = {
  tr: parseSurnames(`Yilmaz:30; Kaya:25; Demir:25; Şahin:15; Çelik:18; Yildiz:15; Yildirim:12; Öztürk:15; Aydin:12;
    Özdemir:15; Arslan:12; Doğan:10; Kiliç:8; Aslan:8; Çetin:8; Kara:8; Koç:10; Kurt:8; Özkan:8; Şimşek:6; Polat:6;
    Erdoğan:6; Güler:6; Akbulut:4`),
  ma: parseSurnames(`El Amrani:8; El Idrissi:8; Benali:8; Bouali:6; El Khatib:5; Amrani:6; Boukhari:5; El Ouali:5;
    Bouzian:5; El Hamdaoui:4; Azzouz:5; Chaouch:4; Bakkali:7; Ouali:5; Haddouchi:4; El Bouchtaoui:3;
    Mourabit:4; Ait Taleb:4; Zaoui:4; Tahiri:6; Achahbar:4`),
  sr: parseSurnames(`Ramdin:6; Jagessar:6; Ramsaran:5; Mohan:5; Biharie:5; Kartosen:4; Soekhoe:4; Gobardhan:4; Autar:5;
    Kisoensingh:4; Pinas:6; Kross:4; Sedney:4; Sabajo:4; Mangroelal:3; Ramautar:4; Ganga:4; Wongsodikromo:3;
    Karijopawiro:2; Doelwijt:3; Vreden:4; Ceder:3; Lie A Fong:2; Tjon:3`),
  cw: parseSurnames(`Martina:6; Isenia:5; Pieternella:4; Rosalia:5; Maduro:4; Martis:5; Cijntje:4; Leito:3;
    Ignacio:4; Jansen:2; Wilson:3; Winklaar:3; Girigorie:3; Felida:3; Koeiman:3`),
  pl: parseSurnames(`Kowalski/Kowalska:12; Nowak:15; Wiśniewski/Wiśniewska:10; Wójcik:9; Kamiński/Kamińska:8;
    Lewandowski/Lewandowska:8; Zieliński/Zielińska:7; Szymański/Szymańska:7; Woźniak:7; Dąbrowski/Dąbrowska:6;
    Kozłowski/Kozłowska:5; Jankowski/Jankowska:5; Mazur:5; Krawczyk:5; Kaczmarek:5; Piotrowski/Piotrowska:4`),
  ar: parseSurnames(`Alhassan:6; Alali:5; Hamdan:5; Haddad:6; Khalil:6; Ibrahim:7; Saleh:5; Mahmoud:6; Hussein:6;
    Othman:4; Al Ahmad:5; Alsaleh:4; Darwish:4; Nasser:4; Abdallah:5; Jaber:4; Al Khalaf:4; Suleiman:4`),
  af: parseSurnames(`Tesfay:5; Haile:5; Ghebremariam:3; Tekle:4; Berhane:4; Abraha:4; Mohamed:6; Ali:5; Hassan:5;
    Osman:4; Yusuf:4; Warsame:3; Mekonnen:3; Gebreyesus:3`),
  eu: parseSurnames(`Müller:8; Schmidt:7; Schneider:5; Fischer:5; Weber:5; Meyer:5; Wagner:4; Becker:4; Hoffmann:4;
    Peeters:5; Maes:5; Claes:4; Janssens:5; Dupont:4; Lambert:3; Dubois:3; Lefèvre:2; Rossi:3; Ferrari:2;
    Silva:3; Santos:3; Fernández:2; García:3; Popescu:3; Ionescu:2; Dimitrov:2; Horváth:2; Novák:2; Jensen:2; Søndergaard:1`),
  en: parseSurnames(`Smith:6; Jones:5; Williams:5; Brown:5; Taylor:4; Wilson:4; Murphy:3; O'Brien:2; Patel:5; Singh:4;
    Kumar:4; Wang:3; Li:3; Zhang:3; Nguyen:3; Rodríguez:2; Mensah:2; Okafor:2`),
};
