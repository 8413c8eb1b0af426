"""Word lists for the name heuristics in :mod:`vertelpunt.moderate.pii`.

* :data:`FIRST_NAMES` - common given names of children and adults in the Netherlands, including names
  of Moroccan, Turkish, Surinamese (Creole and Hindostani) and Antillean origin. Compared exactly, so a
  name only counts when it is written with a capital ("Daan", not "daan").
* :data:`AMBIGUOUS_FIRST_NAMES` - names that are also ordinary (Dutch or English) words ("Roos" is a rose,
  "Ben" starts "Ben je ...?"). They count only when capitalised in the middle of a sentence, after a cue
  ("mijn dochter Roos") or followed by a surname.
* :data:`NOT_NAMES` - lower-cased words that are capitalised in story text but are no person: pronouns and
  sentence openers, role words, youth-care organisations, places, months, weekdays, holidays, languages.
  A capitalised word after a cue ("meneer ...", "mijn zoon ...") or used as a surname is never one of these.
* :data:`PLACES` - municipalities and big cities (lower-cased), part of NOT_NAMES.
"""
from __future__ import annotations

_DUTCH_BOYS = """
Noah Sem Liam Lucas Daan Finn Levi Luuk Mees Milan James Bram Sam Noud Jesse Jayden Julian Thijs Siem Boaz
Benjamin Gijs Hugo Jens Lars Mats Olivier Ruben Stijn Teun Thomas Tim Tijn Tom Vince Wout Dex Jurre Floris
Guus Joep Koen Luca Lev Morris Niek Otis Pepijn Quinn Ryan Sepp Sven Tygo Xavi Kyan Jelle Rens Stan Cas
Nick Kevin Jordy Danny Rick Mike Mitchell Dylan Jeffrey Wesley Jorn Joris Jurgen Timo Thijmen Sil Hidde
Jasper Matthijs Niels Pim Ties Wessel Job Max Bas Mark Rob Ben Mik Jip Dani Fedde Gerrit Hein Jochem Lauren
Melle Nathan Owen Rafael Rayan Samuel Seth Tobias Valentijn Victor Willem Wouter Bart Jeroen Jan Piet Kees
Henk Hans Peter Johan Marco Erik Frank Paul Martin Michel Richard Robert René Ronald Arjan Dennis Edwin Gerard
Harm Hendrik Herman Jaap Jacob Joost Jos Karel Maarten Marcel Martijn Michael Patrick Pieter Ruud Sander Stefan
Theo Tom Vincent Wim Bert Evert Fred Geert Ivo Leo Marc Menno Nico Rik Roel Ron Rutger Sjoerd Ton Arie Dirk Gijsbert
Hanno Jeroen Kars Lennard Mathijs Mart Ramon Remco Rudi Sjaak Sven Tonnie Wilco Youri Yuri Cor Dick Ad Toon Kim
"""
_DUTCH_GIRLS = """
Emma Julia Mila Tess Sophie Zoë Sara Nora Yara Saar Evi Noor Liv Olivia Fenna Lotte Anna Lina Isa Roos Eva
Milou Nina Sarah Fleur Lynn Jill Elin Hannah Hanna Elise Ilse Jasmijn Lana Luna Puck Rosalie Sofie Sterre Yfke
Amy Bo Charlotte Esmee Femke Floor Isabel Jade Jet Kiki Lara Lize Loïs Maria Naomi Nienke Norah Robin Rosa Sanne
Senna Sophia Veerle Victoria Anouk Iris Eline Britt Demi Lieke Maud Merel Noa Romy Vera Lisa Amber Daphne Dewi
Esther Ellen Els Eveline Hanneke Ingrid Inge Jacqueline Janneke Jolanda José Judith Karin Linda Manon Margreet
Marieke Marijke Marjolein Marloes Miranda Monique Mirjam Nicole Patricia Petra Renate Ria Sandra Saskia Simone
Sonja Susan Suzanne Tineke Wendy Willemijn Yvonne Mariska Natasja Wilma Anja Annemarie Anne Annelies Anneke
Astrid Bianca Carla Caroline Chantal Claudia Corinne Diana Laura Maaike Marleen Myrthe Renske Rianne Sabine
Sanna Tamara Thirza Tirza Wilma Yasmin Jolien Joyce Kelly Kim Melissa Priscilla Shirley Stephanie Angela Annet
Gerda Hennie Henny Joke Lies Loes Marga Marian Marianne Riet Trudy Truus Wil Ans Annie Greet Jannie Mien Nel
Marie Sophie Fenne Feline Liz Mae Lauren Lieve Liva Mirthe Pien Silke Suus Tessa Babette Jente Maartje Nikki Rachel Ruth
"""
_MOROCCAN = """
Mohamed Mohammed Muhammed Ahmed Youssef Yassin Yassine Anouar Bilal Hamza Ilias Ilyas Ayoub Mehdi Rachid Said
Mustafa Omar Karim Khalid Hicham Adil Soufiane Zakaria Nordin Abdel Abdelkader Abdelali Driss Hassan Hussein
Ibrahim Ismail Jamal Nabil Redouan Redouane Samir Tarik Younes Amine Anas Marouane Mourad Nourdin Othman
Reda Walid Yahya Zakaria Ilham Fatima Khadija Malika Nadia Naima Najat Samira Souad Amina Aicha Aisha Hafsa
Hajar Imane Inas Kaoutar Loubna Meryem Salma Sanae Yasmina Yasmine Zineb Zainab Hiba Douae Aya Ikram Rania
Soumaya Wiam Chaima Dounia Layla Leila Maryam Nisrine Oumaima Widad Nawal Latifa Fouzia Houda Siham Asmae
Amal Ghizlane Hanane Jamila Karima Laila Rachida Rabia Safae Sihame Kenza Noura Ayman Adam Rayane Imran
"""
_TURKISH = """
Mehmet Ahmet Ali Hasan Hüseyin Huseyin İbrahim Murat Emre Burak Kerem Enes Yusuf Emir Mert Berat Efe Kaan
Arda Yunus Ömer Omer Furkan Selim Serkan Orhan Osman Fatih Ozan Tolga Volkan Hakan Cem Baran Eren Mustafa
Ramazan Recep Sinan Ufuk Umut Yasin Yiğit Ayşe Ayse Fatma Zeynep Elif Emine Hatice Merve Esra Büşra Busra
Ecrin Irem İrem Sevda Songül Yasemin Dilara Derya Ebru Gül Hülya Özlem Tuba Ela Azra Defne Ceren Melek Sena
Zehra Aylin Beyza Buse Cansu Dilek Gizem Hande Kübra Nazlı Nur Şule Tuğba Hilal Deniz Can Ayla Sibel Serpil
"""
_SURINAMESE_ANTILLEAN = """
Shanice Romano Denzel Giovanni Dayanara Kenneth Jairo Shakira Sharon Gino Ricardo Jermaine Anouska Roxanne
Natasha Xaviera Dwayne Rudy Edson Clarence Orlando Quincy Shaquille Jennifer Ashley Chelsea Kimberly Gianni
Sergio Glenn Jurmain Rayen Jurien Mariska Sharella Shanaya Jaydee Jamiro Jamiro Lorenzo Roberto Rodney Sheila
Tyrone Urvin Virgil Winston Xiomara Yoël Zuleika Ravi Sunil Anil Priya Shanti Radj Rakesh Anjali Kiran
Sandhya Vishal Sanjay Nisha Asha Ashwin Soenil Ramesh Devika Rishi Soenita Sarita Anand Kavita Navin
Shivani Amrita Radjesh Sharda Sita Dinesh Mahesh Roshni Dwight Delano Jeremiah Maurice Sherwin Lesley
"""

FIRST_NAMES = frozenset(
    (_DUTCH_BOYS + _DUTCH_GIRLS + _MOROCCAN + _TURKISH + _SURINAMESE_ANTILLEAN).split()
)

AMBIGUOUS_FIRST_NAMES = frozenset("""
Ben Wil Roos Bas Mark Rob Job Max Jet Fleur Iris Amber Jade Merel Noor Floor Lies Els Ton Toon Can Said
Olivier Mees Lieve Ad Cor Dick Deniz Gül Mae Mart Mik Riet Greet Nel Sharon Liz Amal Asha Sita Winston
""".split())

# Particles (tussenvoegsels) between given name and surname ("Jan de Vries", "Fatima el Amrani",
# "Kevin van den Berg"), compared lower-cased. "op", "in" and "uit" only count before another particle
# ("Jan op de Beek"), see pii.py.
PARTICLES = frozenset("""
van de der den ter ten te 't ’t vd el al ben bin ibn abu ait aït da das dos du di del della la le von
""".split())
LEADING_PARTICLES = frozenset({"op", "in", "uit"})

# Lower-cased words that are capitalised in stories but are no person's name.
_COMMON = """
ik jij je hij zij ze wij we jullie u men het de een en maar of want dus toen daarna daarop daardoor nu dan
ook nog al wel niet geen die dat dit deze wat wie waar hoe waarom wanneer omdat als bij in op aan met voor na
naar van uit door over onder tussen tegen zonder sinds tot vanaf vanuit tijdens ja nee oké ok okay hallo hoi
groetjes gelukkig helaas soms vaak altijd nooit eerst later gisteren vandaag morgen iedereen niemand iemand
alles niets mijn jouw zijn haar ons onze hun uw mama papa mam pap moeder vader ouders oma opa broer zus zoon
dochter kind kinderen gezin familie vriend vriendin jongen meisje baby school klas groep juf meester mentor
docent leraar lerares directeur voogd jeugdbeschermer gezinsvoogd hulpverlener begeleider coach therapeut
psycholoog psychiater dokter arts huisarts verpleegkundige rechter advocaat agent politie wijkagent
casemanager consulent medewerker medewerkers mevrouw meneer heer dame hulp zorg jeugdhulp jeugdzorg
jeugdbescherming pleegzorg pleegouders pleegmoeder pleegvader pleeggezin gemeente wijkteam team instelling
organisatie stichting ziekenhuis kliniek centrum huis raad kamer rijk land hof dag week maand jaar tijd
eindelijk uiteindelijk achteraf intussen inmiddels ondertussen natuurlijk misschien zeker echt heel erg
graag daar hier er zo toch even weer samen alleen steeds elke iedere welke zonder hoewel terwijl zodat
tenzij totdat voordat nadat zolang sindsdien bovendien daarom daarnaast verder eerste tweede derde
vorig vorige volgende laatste eerste nieuwe oude grote kleine goede slechte beste beter dank bedankt
thuis buiten binnen boven beneden links rechts noord oost zuid west noorden oosten zuiden westen
god allah jezus heer bijbel koran kerk moskee tempel islam christendom
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend
januari februari maart april mei juni juli augustus september oktober november december
kerst kerstmis pasen pinksteren sinterklaas sint ramadan suikerfeest offerfeest oud nieuw oudjaar
koningsdag bevrijdingsdag carnaval diwali divali holi chanoeka zomervakantie kerstvakantie herfstvakantie
nederlands engels duits frans arabisch turks berbers tamazight papiaments sranantongo sarnami pools
nederlandse marokkaanse turkse surinaamse antilliaanse syrische eritrese somalische poolse
nederland holland europa marokko turkije suriname curaçao aruba bonaire syrië eritrea somalië polen
havo vwo vmbo mbo hbo wo mavo atheneum gymnasium lyceum college pro praktijkonderwijs basisschool
whatsapp instagram snapchat tiktok facebook youtube google netflix discord teams zoom iphone
mr dr dhr mw mevr drs ir ing prof
veilig thuis kindertelefoon schrikker ggd ggz ggz-instelling jgz cjg wmo raad kinderbescherming
karakter pluryn accare lentis levvel parlan youké timon juzt yorneo elker horizon lindenhout entrea nidos
fier xonar koraal cardea lucertis curium triversum jeugdformaat prokino mondriaan altrecht dimence
mediant emergis reinier gghnoord ggznhn arkin inforsa parnassia youz rivierduinen spirit sherpa
leger heils samen veilig jeugdbescherming jeugdreclassering halt veilig-thuis ozo cardiac
kinderbescherming jeugdwet jeugdzorgplus zorgverzekeraar uwv svb belastingdienst duo cak cjib
rechtbank kinderrechter officier justitie openbaar ministerie state koophandel bewaring
radboud radboudumc umc amc vumc lumc erasmus
rijnstate isala gelre canisius maasstad ikazia spaarne amphia catharina antonius martini
"""
PLACES = frozenset("""
amsterdam rotterdam haag utrecht eindhoven groningen tilburg almere breda nijmegen apeldoorn arnhem
haarlem haarlemmermeer enschede amersfoort zaanstad gouda zwolle leiden maastricht dordrecht zoetermeer
ede delft deventer leeuwarden alkmaar heerlen venlo helmond hilversum hengelo purmerend roosendaal
schiedam lelystad almelo oss leidschendam spijkenisse vlaardingen hoorn zeist gooise katwijk veenendaal
capelle assen emmen hoogeveen meppel coevorden kampen harderwijk zutphen doetinchem tiel wageningen
culemborg veendam stadskanaal winschoten delfzijl oldambt pekela eemsdelta hogeland westerkwartier
westerwolde borne dinkelland haaksbergen hellendoorn losser oldenzaal rijssen-holten
tubbergen twenterand wierden twente beuningen druten heumen wijchen
bodegraven-reeuwijk bodegraven reeuwijk krimpenerwaard waddinxveen zuidplas drenthe borger-odoorn
noordenveld tynaarlo westerveld midden-drenthe midden-groningen midden-holland fryslân friesland
achtkarspelen ameland dantumadiel harlingen heerenveen noardeast-fryslân ooststellingwerf
opsterland schiermonnikoog smallingerland súdwest-fryslân terschelling tytsjerksteradiel vlieland
waadhoeke weststellingwerf aalsmeer amstelveen diemen ouder-amstel uithoorn amstelland amsterdam-amstelland
brabant limburg gelderland overijssel flevoland zeeland noord-holland zuid-holland noord-brabant
veluwe achterhoek betuwe randstad bijlmer zuidoost nieuw-west schilderswijk kanaleneiland
texel urk staphorst sittard geleen roermond weert venray hertogenbosch
heerhugowaard middelburg vlissingen goes terneuzen hardenberg steenwijk nunspeet barneveld
woerden nieuwegein houten ijsselstein soest baarn naarden huizen bussum weesp zaandam schagen
""".split())

NOT_NAMES = frozenset(_COMMON.split()) | PLACES
