// First names for synthetic persons, weighted by how often they occur (approximate relative counts,
// compiled from memory of the Meertens Instituut's Nederlandse Voornamenbank trends, not copied
// from any list). Dutch names are split by birth cohort because they changed a lot: a client born
// in 1950 is a Johannes or a Maria, one born in 2010 a Daan or a Zoë. Format per entry:
//   Name[=Roepnaam|Roepnaam]:weight
// The alternatives after '=' are the call names that go with a formal baptismal name (Johannes →
// Jan, Hans); without them the name itself is the call name.

export type Sex = 'M' | 'V';
export type Cohort = 'old' | 'mid' | 'young';

export interface FirstName {
  name: string;
  callNames: readonly string[];
  weight: number;
}

export function parseFirstNames(source: string): FirstName[] {
  return source
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [head, weight] = entry.split(':');
      const [name, calls] = head!.split('=');
      return { name: name!, callNames: calls ? calls.split('|') : [], weight: Number(weight ?? 1) };
    });
}

// Born before about 1960.
const OLD_M = `Johannes=Jan|Hans|Johan|Joop:100 Cornelis=Kees|Cor|Niek:80 Hendrik=Henk|Harrie|Rik:75
  Jacobus=Jaap|Koos|Co:60 Gerardus=Gerard|Gert|Gerrit:45 Petrus=Piet|Peter:55 Wilhelmus=Wim|Willem|Pim:50
  Adrianus=Adrie|Ad|Arie|Jos:45 Antonius=Ton|Toon|Anton:40 Franciscus=Frans|Frank|Cees:30 Theodorus=Theo|Ruud|Dorus:30
  Hubertus=Huub|Bert:15 Martinus=Martin|Tinus:20 Gerrit:35 Jan:60 Willem:35 Pieter:30 Klaas:30 Dirk:28 Arie:25
  Teunis=Teun:12 Albertus=Albert|Bert:18 Leendert=Leen|Leo:14 Bernardus=Ben|Bernard|Benno:18 Josephus=Jos|Sjef|Joop:20
  Lambertus=Bert|Bertus:12 Marinus=Rinus|Rien:15 Nicolaas=Klaas|Nico:18 Henk:30 Kees:20 Wim:22 Piet:20 Ton:14 Harm:12
  Jacob:16 Jozef=Jos|Joep:10 Geert:12 Evert:10 Hans:20 Rob:12 Frits:8 Herman:14 Rudolf=Ruud|Rudi:8 Johan:20 Bram:6
  Leonardus=Leo|Leon:10 Everardus=Evert:5 Aart:8 Gijsbert=Gijs|Bert:8 IJsbrand:2 Christiaan=Chris:8 Philippus=Flip|Philip:5
  Andries=Dries:7 Louis:6 René:5 André:6 Egbert:5 Reinier:5 Berend:6 Hendrikus=Henk|Rik:12`;

const OLD_V = `Maria=Marie|Mies|Ria|Marja:100 Johanna=Joke|Jo|Hanneke|Annie:80 Cornelia=Corrie|Nel|Cora:65
  Elisabeth=Els|Elly|Bep|Betty:55 Wilhelmina=Willy|Mien|Wilma:45 Anna=Annie|Anneke|Ans:55 Hendrika=Riek|Rika|Henny:35
  Catharina=Toos|Tineke|Karin|Trees:45 Geertruida=Truus|Geertje:25 Adriana=Adrie|Jeanne|Ria:30 Jacoba=Coby|Co|Jacqueline:25
  Petronella=Nel|Ellie|Nelly:25 Gerarda=Gerda:15 Aaltje=Aly:10 Grietje=Greet:12 Trijntje=Tiny|Trijn:8 Antje=Anja:10
  Margaretha=Margreet|Greet|Grietje:25 Theodora=Dora|Thea:10 Hermina=Mini|Herma:8 Ria:20 Tineke:18 Ineke:18 Joke:15
  Marja:15 Anneke:16 Wilma:14 Gerda:14 Hennie:10 Annie:14 Riet:10 Truus:8 Lenie:8 Jannie:12 Dinie:6 Hélène:4 Thea:10
  Yvonne:6 Ingrid:10 Marijke:12 Jantje:6 Christina=Christa|Tina|Stien:12 Helena=Leny|Heleen|Lenie:14 Francisca=Cisca|Frans:6
  Bernadette:4 Agatha=Agaath|Ag:4 Josephina=Josje|Fien|Jose:8 Elly:8 Els:10`;

// Born about 1960-1989.
const MID_M = `Mark:60 Peter:55 Michel:40 Marco:45 Erik:40 Patrick:35 Martijn:40 Jeroen:50 Dennis:40 Robert:40
  Richard:35 Sander:40 Bas:35 Arjan:35 Ronald:30 Rob:30 Paul:35 Frank:30 Edwin:25 Maarten:30 Jan:30 Remco:25 Wouter:30
  Niels:30 Joost:25 Stefan:25 Vincent:28 Bart:30 Marcel:30 René:20 André:18 Raymond:18 Hans:15 Gerard:12 Johan:15
  Ruud:15 Michiel:18 Tim:20 Jasper:22 Ralph:10 Roy:15 Jeffrey:12 Danny:15 Kevin:15 Tom:20 Marc:20 Arno:12 Pascal:10
  Rick:15 Ivo:8 Hugo:6 Koen:18 Thomas:18 Daniël:15 Rutger:8 Menno:8 Gijs:8 Joris:12 Jurgen:6 Johannes=Hans|Jan|Johan:20
  Petrus=Peter|Piet:10 Adrianus=Arjan|Adri:8 Martinus=Martijn|Martin:8 Cornelis=Kees|Cees:8 Hendrik=Henk|Rik:8`;

const MID_V = `Linda:55 Sandra:50 Monique:45 Esther:40 Marieke:35 Petra:40 Ingrid:30 Anja:25 Wendy:35 Nicole:35
  Patricia:25 Mariëlle:20 Marloes:25 Kim:30 Sanne:25 Mirjam:25 Saskia:30 Miranda:25 Ilse:25 Karin:30 Yvonne:25
  Bianca:25 Chantal:25 Jolanda:22 Jacqueline:20 Natasja:18 Manon:20 Marjolein:18 Suzanne:20 Judith:20 Daniëlle:20
  Anouk:20 Femke:18 Eva:15 Maria:15 Anne:20 Annemarie:15 Ellen:18 Astrid:15 Simone:20 Martine:15 Renate:15
  Caroline:18 Hélène:4 Evelien:12 Inge:18 Kirsten:12 Lisette:10 Angelique:12 Claudia:12 Debby:8 Ilona:10 Jessica:18
  Joyce:15 Lotte:10 Marleen:15 Mariska:12 Nathalie:12 Priscilla:6 Shirley:8 Tamara:15 Vera:10 Wilma:8 Noëlle:4
  Johanna=Hanneke|Joke|Anneke:12 Maria=Marja|Mirjam:10 Cornelia=Corina|Nelleke:6 Elisabeth=Elise|Lisa|Els:10`;

// Born from about 1990.
const YOUNG_M = `Daan:60 Sem:45 Lucas:45 Levi:40 Finn:40 Milan:40 Bram:40 Luuk:45 Jesse:45 Thijs:45 Noah:45 Liam:30
  Lars:40 Tim:40 Ruben:35 Stijn:35 Thomas:35 Max:35 Julian:25 Sven:25 Niels:20 Jayden:25 Dylan:25 Mees:20 Jens:25
  Gijs:25 Tom:30 Koen:25 Rick:25 Joris:15 Mats:15 Siem:15 Teun:20 Hugo:15 Olivier:15 Boaz:10 Daniël:20 Joël:10
  Raphaël:6 Noël:6 Luca:20 Kyan:8 Jur:6 Sam:25 Bas:15 Wessel:15 Floris:12 Sepp:8 Tijn:15 Jan:15 Stan:20 Nick:20
  Mike:15 Robin:15 Jelle:20 Jasper:15 Timo:12 Dani:8 Ties:10 Job:15 Pim:12 Guus:12 Vince:8 Xavi:4 Benjamin:12 Adam:12`;

const YOUNG_V = `Emma:55 Julia:50 Sophie:45 Tess:40 Zoë:35 Mila:35 Sara:35 Anna:35 Eva:35 Lotte:40 Fleur:35 Lisa:40
  Noa:30 Sanne:30 Iris:30 Femke:25 Lieke:25 Isa:25 Nina:25 Roos:25 Evi:25 Saar:20 Fenna:15 Loïs:12 Chloë:10 Yara:15
  Liv:15 Nora:15 Olivia:15 Lynn:15 Anouk:20 Demi:20 Kim:15 Amber:20 Esmee:15 Britt:20 Maud:15 Jasmijn:10 Floor:15
  Elin:10 Noor:20 Laura:25 Romy:20 Merel:20 Lana:10 Anaïs:5 Madelief:6 Jill:10 Isabella:8 Hanna:10 Fay:10 Lara:10
  Sarah:15 Ilse:10 Milou:12 Puck:6 Vera:10 Charlotte:12 Eline:15 Kiki:6 Rosalie:8 Lizzy:6 Mirthe:8 Naomi:10`;

export const DUTCH_FIRST_NAMES: Record<Cohort, Record<Sex, FirstName[]>> = {
  old: { M: parseFirstNames(OLD_M), V: parseFirstNames(OLD_V) },
  mid: { M: parseFirstNames(MID_M), V: parseFirstNames(MID_V) },
  young: { M: parseFirstNames(YOUNG_M), V: parseFirstNames(YOUNG_V) },
};

/** First names by origin other than Dutch (both cohorts alike). */
export const FOREIGN_FIRST_NAMES: Record<string, Record<Sex, FirstName[]>> = {
  tr: {
    M: parseFirstNames(`Mehmet:30 Mustafa:25 Ahmet:20 Ali:20 Hüseyin:15 Hasan:15 Ibrahim:12 Emre:15 Burak:12 Kerem:8
      Yusuf:15 Eren:8 Murat:15 Osman:10 Serkan:8 Onur:8 Can:10 Mert:8 Furkan:8 Ömer:10`),
    V: parseFirstNames(`Ayşe:20 Fatma:20 Emine:15 Hatice:12 Zeynep:15 Elif:15 Büşra:8 Merve:10 Esra:12 Özlem:10 Gülsüm:6
      Hülya:8 Derya:8 Sevda:6 Dilara:8 Nur:8 Sibel:8 Selin:8 Yasemin:10 Gül:6`),
  },
  ma: {
    M: parseFirstNames(`Mohamed:40 Ahmed:20 Youssef:15 Mustapha:12 Said:12 Rachid:12 Hamza:12 Bilal:12 Ayoub:10 Mohammed:15
      Abdelkader:6 Karim:10 Nordin:8 Soufiane:10 Anouar:8 Khalid:10 Ilias:10 Adam:8 Redouan:8 Hassan:10`),
    V: parseFirstNames(`Fatima:30 Khadija:15 Naima:12 Samira:12 Nadia:12 Malika:10 Souad:8 Yasmina:10 Hafsa:8 Salma:10
      Ikram:8 Loubna:8 Imane:10 Meryem:8 Hanan:8 Soumaya:6 Sara:10 Kaoutar:6 Aicha:8 Houda:8`),
  },
  sr: {
    M: parseFirstNames(`Rakesh:10 Anil:10 Sunil:8 Ravi:8 Roy:10 Glenn:10 Marciano:6 Romano:6 Dennis:10 Ricardo:8 Shiva:6
      Navin:6 Rajesh:8 Kenneth:8 Clyde:6 Errol:5 Ramon:6 Jerrel:5 Giovanni:5 Orlando:5`),
    V: parseFirstNames(`Shanti:8 Anita:10 Sharda:6 Priya:8 Sharmila:6 Rowena:6 Gina:6 Chantal:8 Sharon:8 Natasha:8
      Rachna:6 Sandhya:6 Melissa:8 Jennifer:6 Shirley:6 Kavita:6 Roshni:5 Marisca:5 Sherida:5 Ingrid:5`),
  },
  cw: {
    M: parseFirstNames(`Jurgen:6 Ruthmilo:3 Shurandy:4 Jearl:3 Rignald:3 Edsel:4 Gilbert:5 Juan:5 Franklin:5 Eugene:4 Rudsel:3 Jeandro:3`),
    V: parseFirstNames(
      `Shurenska:3 Gisela:5 Jacqueline:5 Rosalinda:4 Maria:6 Sharelly:3 Jeanine:4 Natalie:5 Xiomara:3 Yolanda:4 Sugeily:3`,
    ),
  },
  pl: {
    M: parseFirstNames(`Piotr:15 Krzysztof:12 Tomasz:12 Paweł:10 Michał:12 Marcin:12 Łukasz:10 Jakub:10 Adam:8 Kamil:8
      Mateusz:8 Grzegorz:8 Dariusz:6 Wojciech:6 Rafał:6`),
    V: parseFirstNames(`Anna:15 Katarzyna:12 Magdalena:10 Agnieszka:12 Joanna:10 Małgorzata:10 Monika:10 Ewa:8 Aleksandra:8
      Karolina:8 Natalia:6 Justyna:6 Paulina:6 Marta:8 Beata:6`),
  },
  ar: {
    M: parseFirstNames(`Mohammad:20 Ahmad:15 Omar:12 Khaled:10 Ali:12 Hassan:10 Abdullah:10 Mahmoud:8 Yousef:8 Hussein:8
      Amir:6 Rami:6 Bashar:5 Samer:5 Tarek:6`),
    V: parseFirstNames(`Fatima:12 Amina:10 Rania:8 Lina:8 Nour:10 Hala:6 Rasha:6 Layla:8 Maryam:10 Zainab:8 Rim:5 Sara:8
      Dalia:5 Yara:6 Aya:8`),
  },
  af: {
    M: parseFirstNames(`Yonas:8 Daniel:6 Filmon:6 Mohamed:10 Abdi:8 Tesfay:5 Samuel:6 Yohannes:6 Ahmed:8 Mulugeta:3`),
    V: parseFirstNames(`Senait:6 Helen:6 Saba:6 Hodan:6 Fadumo:5 Selam:6 Luwam:5 Asha:6 Hanna:5 Segen:4`),
  },
  eu: {
    M: parseFirstNames(`Thomas:8 Stefan:8 Jürgen:4 Michael:8 Andreas:6 Lukas:6 Jean:5 Pierre:4 François:3 Luc:5 Wouter:4
      Pieter-Jan:3 Jonas:6 Matteo:4 Marco:5 João:3 Miguel:4 Dimitri:3 Sven:4 Søren:2 Mihai:4 Ionuţ:2 Georgi:3 Florin:3`),
    V: parseFirstNames(`Hélène:4 Françoise:3 Sophie:6 Marie:6 Julia:6 Laura:6 Anna:6 Katrin:4 Sabine:4 Élodie:3 Giulia:4
      Ana:4 Inês:3 Maria:6 Elena:5 Ioana:4 Andreea:3 Ivana:3 Nele:4 Lien:4 Zoë:2 Björk:1 Sanne:3 Annelies:3`),
  },
  en: {
    M: parseFirstNames(`James:8 John:6 David:8 Michael:6 Daniel:6 Ryan:5 Jack:5 Oliver:5 Rahul:4 Arjun:4 Wei:3 Chen:3 Carlos:3
      Kwame:2 Samuel:4`),
    V: parseFirstNames(`Sarah:6 Emily:6 Jessica:5 Emma:5 Olivia:5 Priya:4 Ananya:3 Mei:3 Li:3 Grace:4 Hannah:4 Ama:2
      Sofia:4 Lucía:3 Aoife:2`),
  },
};
