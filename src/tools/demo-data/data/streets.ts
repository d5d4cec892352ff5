// Street names that occur in many Dutch places (the most common ones by number of places that have
// them: Kerkstraat, Schoolstraat, Molenstraat, Dorpsstraat...), weighted roughly by that count.
// A street is chosen from the postcode, so one postcode always lies in one street, as in reality.
export const STREETS: readonly (readonly [string, number])[] = `
Kerkstraat:100 Schoolstraat:90 Molenstraat:85 Dorpsstraat:80 Julianastraat:75 Wilhelminastraat:70 Beatrixstraat:55
Molenweg:60 Kerkweg:50 Stationsweg:50 Stationsstraat:45 Nieuwstraat:45 Hoofdstraat:45 Industrieweg:40 Parallelweg:30
Emmastraat:35 Oranjestraat:35 Prins_Bernhardstraat:35 Prinses_Irenestraat:25 Prins_Hendrikstraat:25 Julianalaan:25
Wilhelminalaan:20 Beukenlaan:30 Eikenlaan:30 Lindelaan:28 Kastanjelaan:28 Berkenlaan:25 Acacialaan:22 Populierenlaan:18
Iepenlaan:15 Esdoornlaan:15 Rozenstraat:25 Tulpstraat:22 Sportlaan:22 Parkweg:20 Parkstraat:22 Veldweg:18
Merelstraat:22 Lijsterstraat:18 Mezenlaan:15 Vinkenstraat:15 Spreeuwenstraat:12 Zwanenlaan:10 Reigerstraat:14
Meeuwenlaan:10 Rembrandtstraat:20 Vondelstraat:18 Van_Goghstraat:15 Frans_Halsstraat:15 Jan_Steenstraat:14
Vermeerstraat:12 Mozartlaan:10 Beethovenstraat:12 Bachstraat:10 Schubertstraat:8 Zonnebloemstraat:10 Margrietstraat:12
Irisstraat:12 Narcisstraat:10 Kamperfoeliestraat:8 Heidelaan:10 Zandweg:15 Dijkweg:15 Havenstraat:18 Havenweg:12
Noordstraat:12 Zuidstraat:12 Oosterstraat:10 Westerstraat:10 Achterweg:12 Voorstraat:12 Brugstraat:12 Poststraat:12
Raadhuisstraat:14 Kloosterstraat:12 Kapelstraat:12 Gasthuisstraat:8 Torenstraat:10 Veldstraat:12 Weverstraat:8
Bakkerstraat:10 Smidsstraat:6 Kerkplein:10 Marktplein:10 Stationsplein:8 Spoorstraat:10 Spoorlaan:8 Burgemeester_Smitstraat:4
Dr._Schaepmanstraat:8 Pastoor_van_Arsstraat:6 Koningin_Julianastraat:8 Anne_Frankstraat:10 Churchilllaan:10
Jan_van_Goyenstraat:6 Thorbeckestraat:10 Piet_Heinstraat:10 Michiel_de_Ruyterstraat:8 Nassaulaan:10 Oranjelaan:10
Ringweg:6 Singel:8 Nieuwe_Weg:8 Oude_Kerkstraat:6 Hogeweg:8 Kortestraat:8 Langestraat:10 Weidelaan:6 Esstraat:6
't_Zand:3 Groenstraat:10 Hazelaarlaan:6 Meidoornstraat:8 Vlierstraat:6 Hyacintstraat:6 Klaverstraat:6 Erasmusstraat:6`
  .trim()
  .split(/\s+/)
  .map((entry) => {
    const [name, weight] = entry.split(':');
    return [name!.replaceAll('_', ' '), Number(weight)] as const;
  });
