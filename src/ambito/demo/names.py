"""Names, birth places and streets for the synthetic persons (all synthetic, SOURCE "sintetico").

Italian first names come in three generations so that a grandmother is "Giuseppina" and her
granddaughter "Aurora". Foreign names are grouped by the countries of the largest foreign
communities in Tuscany and Lombardy; each country carries its cadastral Z-code (checked to
decode with `core.fiscal_code.validate` by the tests), its citizenship and language.
Lists are written as comma-separated text to keep them readable.
"""

from __future__ import annotations

from dataclasses import dataclass

SOURCE = "sintetico"


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


# (born before 1960, 1960-1989, 1990 onwards)
ITALIAN_MALE = (
    _names(
        "Giuseppe, Giovanni, Antonio, Mario, Luigi, Franco, Bruno, Carlo, Piero, Sergio, Renzo, "
        "Giorgio, Vasco, Alvaro, Silvano, Enzo, Aldo, Mauro, Romano, Ivo, Gino, Lido, Roberto, "
        "Vittorio"
    ),
    _names(
        "Marco, Andrea, Stefano, Massimo, Luca, Alessandro, Paolo, Simone, Fabio, Roberto, "
        "Daniele, Davide, Riccardo, Claudio, Matteo, Francesco, Emanuele, Federico, Gabriele, "
        "Nicola, Michele, Lorenzo, Cristiano, Jacopo"
    ),
    _names(
        "Leonardo, Francesco, Alessandro, Lorenzo, Mattia, Tommaso, Gabriele, Riccardo, Edoardo, "
        "Andrea, Diego, Samuele, Pietro, Niccolò, Filippo, Giulio, Christian, Elia, Nicolò, "
        "Federico, Giacomo, Matteo, Alessio, Gioele"
    ),
)
ITALIAN_FEMALE = (
    _names(
        "Maria, Anna, Giuseppina, Rosa, Franca, Luciana, Carla, Giovanna, Marisa, Graziella, Lina, "
        "Bruna, Vanna, Loredana, Gabriella, Liliana, Fiorella, Rosanna, Silvana, Paola, Ivana, "
        "Elena, Adriana, Mirella"
    ),
    _names(
        "Francesca, Chiara, Sara, Valentina, Elisa, Silvia, Laura, Federica, Barbara, Monica, "
        "Cristina, Alessandra, Simona, Manuela, Daniela, Elena, Roberta, Serena, Claudia, Sabrina, "
        "Ilaria, Benedetta, Irene, Martina"
    ),
    _names(
        "Sofia, Giulia, Aurora, Alice, Ginevra, Emma, Giorgia, Beatrice, Greta, Vittoria, Anna, "
        "Martina, Chiara, Noemi, Matilde, Ludovica, Gaia, Bianca, Arianna, Camilla, Rebecca, "
        "Nicole, Viola, Elisa"
    ),
)

ITALIAN_SURNAMES_COMMON = _names(
    "Rossi, Russo, Ferrari, Esposito, Bianchi, Romano, Colombo, Ricci, Marino, Greco, Bruno, "
    "Gallo, Conti, De Luca, Mancini, Costa, Giordano, Rizzo, Lombardi, Moretti, Barbieri, Fontana, "
    "Santoro, Mariani, Rinaldi, Caruso, Ferrara, Galli, Martini, Leone, Longo, Gentile, "
    "Martinelli, Vitale, Lombardo, Serra, Coppola, De Santis, D'Angelo, Marchetti, Parisi, Villa, "
    "Conte, Ferraro, Ferri, Fabbri, Bianco, Marini, Grasso, Valentini, Messina, Sala, De Angelis, "
    "Gatti, Pellegrini, Palumbo, Sanna, Farina, Rizzi, Monti, Cattaneo, Morelli, Amato, Silvestri, "
    "Mazza, Testa"
)
# Surnames typical of each region, mixed in with the common ones.
REGIONAL_SURNAMES = {
    "Toscana": _names(
        "Bartolini, Baldi, Gori, Innocenti, Lenzi, Fedi, Niccolai, Bardelli, Cecchi, Tesi, "
        "Vannucci, Giovannelli, Bonacchi, Bartoli, Bini, Biagini, Bracali, Cappellini, Magni, "
        "Nesti, Paci, Pagliai, Corsini, Vettori, Fioravanti, Baldacci, Lucchesi, Puccinelli, "
        "Bertolucci, Giannini, Del Carlo, Pieroni, Martinelli, Lazzerini, Frediani, Dini, Bonelli, "
        "Gelli, Beneforti, Chiti, Tuci, Bechini, Malucchi, Petrucci, Arrighi, Mazzei, Lunardi, "
        "Panichi, Rafanelli, Vivarelli, Bargellini, Michelucci"
    ),
    "Lombardia": _names(
        "Fusar Poli, Bettinelli, Benelli, Tolasi, Guerini, Zanoni, Scotti, Bonizzoni, Dossena, "
        "Marazzi, Cremonesi, Baruelli, Stombelli, Bianchessi, Agazzi, Vailati, Lupo Stanghellini, "
        "Carniti, Moretti, Piloni, Bergamaschi, Capetti, Denti, Ogliari, Zucchetti, Brambilla, "
        "Sangiovanni, Tacca, Raimondi, Patrini, Arpini, Manclossi, Gandelli, Aiolfi, Ferla, "
        "Lacchinelli, Boffelli, Donida, Cerioli, Bombelli, Rocca, Spinelli, Ginelli, Ghisetti"
    ),
}

# Where Italian-born residents were born besides the zone's hospital town; nearest and
# largest first: earlier names are drawn more often.
REGION_BIRTH_CITIES = {
    "Toscana": _names(
        "Firenze, Prato, Pistoia, Lucca, Pescia, Pisa, Empoli, Viareggio, Livorno, Massa, "
        "Camaiore, Arezzo, Siena"
    ),
    "Lombardia": _names("Cremona, Milano, Lodi, Crema, Treviglio, Bergamo, Brescia, Pavia"),
}
# Internal migration of the 1950s-1970s: only for residents born before 1980.
SOUTH_BIRTH_CITIES = _names(
    "Napoli, Palermo, Reggio di Calabria, Bari, Catania, Foggia, Cosenza, Salerno, Caserta, "
    "Messina, Agrigento, Lecce, Taranto, Potenza, Crotone, Avellino, Roma"
)


@dataclass(frozen=True)
class Country:
    code: str  # cadastral Z-code
    name: str
    citizenship: str
    language: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]


def _country(code: str, name: str, citizenship: str, language: str, male, female, surnames):
    return Country(
        code, name, citizenship, language, _names(male), _names(female), _names(surnames)
    )


COUNTRIES = {
    "AL": _country(
        "Z100",
        "Albania",
        "albanese",
        "albanese",
        "Arben, Besnik, Ermal, Gentian, Ilir, Fatmir, Klodian, Artan, Erion",
        "Anila, Blerina, Elira, Erjona, Klaudia, Mirela, Entela, Valbona",
        "Hoxha, Shehu, Dervishi, Gjoka, Leka, Meta, Kola, Basha, Cela, Prifti",
    ),
    "MA": _country(
        "Z330",
        "Marocco",
        "marocchina",
        "arabo",
        "Mohamed, Youssef, Rachid, Hassan, Abdellah, Said, Mustapha, Karim",
        "Fatima, Khadija, Naima, Samira, Salma, Amina, Hanane, Latifa",
        "El Amrani, Benali, Bouzid, El Idrissi, Haddad, Ouali, Chakir, Lahlou",
    ),
    "RO": _country(
        "Z129",
        "Romania",
        "rumena",
        "rumeno",
        "Andrei, Ionut, Mihai, Florin, Gheorghe, Adrian, Constantin, Marian",
        "Elena, Ioana, Maria, Andreea, Mihaela, Loredana, Georgiana, Daniela",
        "Popescu, Ionescu, Popa, Stan, Dumitru, Munteanu, Constantin, Lungu",
    ),
    "CN": _country(
        "Z210",
        "Cina",
        "cinese",
        "cinese",
        "Wei, Jian, Hao, Jun, Ming, Lei, Qiang, Yong",
        "Li, Mei, Xiu, Ying, Fang, Hui, Jing, Yan",
        "Hu, Chen, Zhou, Wang, Lin, Zhang, Huang, Ye, Xu",
    ),
    "UA": _country(
        "Z138",
        "Ucraina",
        "ucraina",
        "ucraino",
        "Oleksandr, Andrii, Serhii, Taras, Mykola, Volodymyr, Dmytro",
        "Olena, Iryna, Oksana, Nataliia, Halyna, Tetiana, Svitlana, Liudmyla",
        "Kovalenko, Shevchenko, Bondarenko, Tkachenko, Melnyk, Kravchenko, Boiko",
    ),
    "PH": _country(
        "Z216",
        "Filippine",
        "filippina",
        "tagalog",
        "Jose, Mark, Reynaldo, Ramon, Jericho, Arnel, Rodel",
        "Maricel, Rowena, Jocelyn, Analyn, Marites, Cristina, Lorna",
        "Santos, Reyes, Cruz, Bautista, Dela Cruz, Garcia, Mendoza, Villanueva",
    ),
    "PK": _country(
        "Z236",
        "Pakistan",
        "pakistana",
        "urdu",
        "Muhammad, Ali, Imran, Bilal, Asif, Tariq, Usman",
        "Ayesha, Fatima, Sana, Nadia, Rabia, Saima, Zainab",
        "Khan, Hussain, Ahmed, Iqbal, Butt, Malik, Raza",
    ),
    "IN": _country(
        "Z222",
        "India",
        "indiana",
        "punjabi",
        "Gurpreet, Harjit, Rajesh, Amit, Sukhwinder, Jaspal, Manjit",
        "Manpreet, Harpreet, Priya, Sunita, Kulwinder, Rajwinder, Simran",
        "Singh, Kumar, Sharma, Sandhu, Gill, Dhillon",
    ),
    "SN": _country(
        "Z343",
        "Senegal",
        "senegalese",
        "wolof",
        "Mamadou, Cheikh, Ousmane, Ibrahima, Moustapha, Abdoulaye, Modou",
        "Aminata, Fatou, Awa, Mariama, Khady, Ndeye, Coumba",
        "Diop, Ndiaye, Fall, Sow, Gueye, Diallo, Mbaye, Seck",
    ),
    "NG": _country(
        "Z335",
        "Nigeria",
        "nigeriana",
        "inglese",
        "Chinedu, Emeka, Samuel, Daniel, Osagie, Godwin, Kelvin",
        "Blessing, Joy, Precious, Grace, Osas, Favour, Esther",
        "Okafor, Okeke, Adeyemi, Eze, Obi, Osagie, Igbinedion, Omoregie",
    ),
    "PE": _country(
        "Z611",
        "Perù",
        "peruviana",
        "spagnolo",
        "Luis, Carlos, Jorge, Miguel, Juan, Cesar, Victor",
        "Rosa, Carmen, Milagros, Ana, Maribel, Gladys, Elizabeth",
        "Quispe, Flores, Huaman, Mamani, Rojas, Vargas, Chavez",
    ),
    "EC": _country(
        "Z605",
        "Ecuador",
        "ecuadoriana",
        "spagnolo",
        "Jorge, Wilson, Edison, Fernando, Byron, Patricio",
        "Maria, Johanna, Veronica, Jessica, Patricia, Mercedes",
        "Zambrano, Moreira, Cedeño, Vera, Intriago, Mendoza, Alvarado",
    ),
    "EG": _country(
        "Z336",
        "Egitto",
        "egiziana",
        "arabo",
        "Ahmed, Mohamed, Mahmoud, Mostafa, Tarek, Hany, Amr",
        "Mona, Heba, Dina, Nour, Yasmin, Rania, Shaimaa",
        "Abdelaziz, Hassan, Mansour, Ibrahim, Farouk, Saleh, Youssef",
    ),
    "DE": _country(
        "Z112",
        "Germania",
        "tedesca",
        "tedesco",
        "Thomas, Michael, Stefan, Andreas, Jürgen, Klaus",
        "Sabine, Claudia, Anke, Petra, Birgit, Ute",
        "Müller, Schmidt, Schneider, Fischer, Weber, Becker, Wagner",
    ),
}

# Country weights of foreign-born residents by region (synthetic, shaped on ISTAT rankings).
FOREIGN_WEIGHTS = {
    "Toscana": {
        "AL": 18,
        "RO": 20,
        "MA": 11,
        "CN": 12,
        "UA": 6,
        "PH": 5,
        "NG": 5,
        "SN": 5,
        "PE": 5,
        "PK": 3,
        "IN": 3,
        "DE": 2,
        "EC": 2,
        "EG": 3,
    },
    "Lombardia": {
        "RO": 20,
        "AL": 12,
        "MA": 12,
        "IN": 14,
        "EG": 7,
        "EC": 6,
        "PK": 6,
        "UA": 6,
        "CN": 5,
        "SN": 5,
        "PE": 3,
        "PH": 2,
        "NG": 1,
        "DE": 1,
    },
}

STREETS = _names(
    "Via Roma, Via Giuseppe Garibaldi, Via Giuseppe Mazzini, Via Dante Alighieri, Via Giacomo "
    "Matteotti, Via Antonio Gramsci, Via XX Settembre, Via della Repubblica, Via Vittorio Veneto, "
    "Via IV Novembre, Via Camillo Cavour, Via Guglielmo Marconi, Via Piave, Via Alessandro "
    "Manzoni, Via Giacomo Puccini, Via Giuseppe Verdi, Via Aldo Moro, Via Enrico Berlinguer, Via "
    "della Libertà, Via dei Mille, Via San Francesco, Via delle Rose, Via dei Tigli, Via del "
    "Lavoro, Via della Stazione, Via Don Giovanni Minzoni, Via Sandro Pertini, Via Fratelli "
    "Rosselli, Piazza della Resistenza, Viale Europa, Viale della Vittoria, Via Pietro Nenni, Via "
    "Martiri della Libertà, Via Goffredo Mameli, Via Nazario Sauro, Via Cesare Battisti, Via "
    "Francesco Petrarca, Via Ugo Foscolo, Via Giovanni Pascoli, Via Leonardo da Vinci"
)
