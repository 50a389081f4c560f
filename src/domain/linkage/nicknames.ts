// Given-name nickname and spelling-variant groups (issue 14, Matching: "nicknames and spelling variants
// (a shipped table: William/Bill/Liam, Mohammed/Muhammad/Mohamed, Alexandra/Lexi …)"). One group a line:
// names in a group may be the same child's name. A name may be in several groups (Alex: Alexander and
// Alexandra; Sam: Samuel and Samantha). Covers names common in the UK across backgrounds: English, Welsh,
// Scottish, Irish, South Asian, Arabic, Eastern European, African and Caribbean spellings.
const table = `
william bill billy will willie willy liam wills wil bil gwilym
alexander alex alec alexandre alessandro aleksander aleksandr alexandr alexandru sasha sacha xander zander sandy lex olek oleksander olo
alexandra alex alexa lexi lexie lexy sasha sacha sandra sandy alexandria aleksandra alessandra alexis alix ola
alexis alex lexi alexus
mohammed muhammad mohamed mohammad muhammed mohamad mohammod muhamed mahomed mohd md mohamud mahamed mohammedali mo moe hamoudi muhammet mehmet
ahmed ahmad ahmet ahmid achmed
mustafa mustapha mostafa mustafe
yusuf yousef yousuf yusef youssef yousif yosef joseph yusif
ibrahim ebrahim ibraheem abraham avraham abe bram
ismail ismael ismaeel esmail
ali aly alee
hassan hasan hasaan
hussain hussein husain hosein hossein husein
abdullah abdulla abdallah abdalla
abdul abdel abdal
omar umar omer umer
osman usman othman uthman
yasin yaseen yassin yasseen
zain zayn zane zayne
khalid khaled
amir ameer emir
bilal belal
hamza hamzah
idris idrees edris
imran emran
irfan erfan
rizwan risvan
tariq tarik tareq
waleed walid
zakaria zakariya zakariyya zachariah zechariah zacharias zachary zach zack zak zac
yahya yahia
ayesha aisha aishah ayisha aysha ayeesha
fatima fatimah fatma fatuma fatumata
maryam mariam miriam meryem mariyam
khadija khadijah khadeeja kadija
zainab zaynab zeinab
amina aminah ameena
aaliyah aliyah aaliya aliya alia aleeyah
noor nur noora nura
sara sarah sarrah sally sal sadie
hana hannah hanna
layla laila leila lila lilah leyla
yasmin yasmine jasmine jasmin yazmin yasmeen jazmin
inaya inaaya enaya
safiya safiyah safia sofia
muhammadali mohammedali
gurpreet gurprit
harpreet harprit
mandeep mandip
jaspreet jasprit
manpreet manprit
hardeep hardip
kuldeep kuldip
sandeep sandip
pradeep pradip
dilip dileep
sanjay sunjay
rajesh raj rajan
rajinder rajindar raj
ravinder ravindar ravi
harjit harjeet
amarjit amarjeet
sukhvinder sukhwinder sukhi
parminder parmindar
vikram vik vic
vijay vij
deepak dipak
anil aneel
sunil suneel
ramesh rames
suresh sures
mahesh mahes
prakash parkash
arjun arjan
aarav arav
krishna krishan kris krish
lakshmi laxmi
priya pria preya
priyanka prianka
pooja puja
neha nehha
divya dhivya
kavita kavitha
sunita suneeta
anita aneeta anitra
geeta gita
seema sima
reena rina
meena mina
shanti shanthi
aditya adithya adi
rohan rohann
rahul raul
amit ameet
ankit ankeet
nikhil nik
harsh harshad
ishaan ishan
dev devan
dhruv druv
jayden jaden jaiden jadon jaydon jaydan jaydn
aiden aidan aden aydan ayden aedan
brayden braden braiden braydon
kayden caden kaden kaiden caiden
oliver olly ollie oli olivier
olivia liv livvy livia olive ollie
thomas tom tommy thom tomas tomasz tomos tomek toma
james jim jimmy jamie jimi seamus shamus jamey
john jon johnny jonny jack johnnie jonathon johan johann jan
jonathan jon jonny johnny nathan jonathon johnathan jonathen
nathan nathaniel nat nate nathanael
jack jackie jak jax jacky
jacob jake jakob jakub kuba yakub yaqub jacobo
joshua josh joshuah jos
joseph joe joey jo jos giuseppe josef jozef jose
josephine jo josie jojo fifi
daniel dan danny dani daniele danial danyal daniyal
danielle dani daniela daniella
david dave davey davy dai dafydd davide dawid dewi
michael mike mikey mick micky mickey mic michal mikhail mikael michel mihai misha
michelle shelly michele michela
matthew matt matty mat mattie mateusz mateo matteo matthias mathew matheus matei
mark marc marcus markus marco marek
luke luka lucas lukas lukasz luc luca
christopher chris kris kit christoph krzysztof cristopher christophe topher
christian chris kris christiaan krystian cristian
christina chris christine tina kristina kristine crissie chrissie krystyna
charles charlie chas chaz chuck carl karl carlos charley
charlotte charlie lottie lotte lotty char carlotta
robert rob robbie bob bobby bert robbie roberto robby rab rabbie
richard rich richie rick ricky dick dickie ricardo ryszard
edward ed eddie eddy ted teddy ned edwardo eduardo edouard
edmund ed eddie ned
henry harry hal hank henri enrique heinrich henryk
harrison harry
harvey harv
george georgie geordie jorge georgios jerzy jurgen
georgia georgie georgina gina
samuel sam sammy samuele
samantha sam sammy sammie
benjamin ben benny benji benjy
benedict ben benny
anthony tony antony anton antonio antoni antonino ant
andrew andy drew andre andrea andreas andrzej andrei andrey
andrea andi andie andreia
peter pete piotr pietro pedro pierre petr petar
stephen steve steven stevie stephan stefan esteban stephon
stephanie steph stevie stefanie stephany
timothy tim timmy timo
nicholas nick nicky nico nicolas nikolai mikolaj nikola nicolai niklas claus klaus
nicola nicky nikki nicole nicolle nichola
patrick pat paddy patryk padraig
patricia pat patty trish tricia patsy
francis frank frankie fran francisco francesco franciszek
frances fran frankie francesca franca
frederick fred freddie freddy fredrick fritz frederic frederik fredrik fredric
alfred alf alfie fred freddie
albert al bert bertie alberto
arthur art artie arturo
archibald archie arch
archie archer
lawrence larry laurence lorenzo laurie lawrie
leonard leo len lenny leon leonardo
leo leon leonard leonardo
lewis louis lou louie luis luiz ludwik
louise lou louisa lulu eloise
elizabeth liz lizzie lizzy beth betty bess bessie eliza elsie libby lisa liza elisabeth elisa elise elzbieta elisabetta
isabel isabella isabelle izzy izzie bella issy isobel isabela izabela
isla islay
emily em emmy emilie emilia amelia millie
amelia amy millie amalia emilia milly mia melia
emma em emmy
amy aimee ami amie
mary molly polly mae may marie maria mariah marianne maryann
mia maya miya mya maja
margaret maggie meg peggy marge margo madge greta margot malgorzata gosia marjorie mags maisie
catherine katherine kathryn catharine kate katie katy kat cathy kathy kit kitty kay cate caitlin kathleen katrina katarzyna kasia katarina ekaterina katya
caitlin kaitlyn katelyn caitlyn kaitlin katelin
elizabeth ella ellie
eleanor ellie nell nellie elle nora eleanore elinor elenor leonora
ellie elly ella elle
helen helena ellen elena nell lena
ellen elen ellie
jennifer jen jenny jenna jenni
jessica jess jessie jessy
rebecca becky becca bekki becki rebekah bex
victoria vicky vicki tori tory vikki wiktoria viktoria
abigail abbie abby abi gail
gabrielle gabby gabi gabriella brie
gabriel gabe gabby gabriele
madeleine madeline madelyn maddie maddy madison
madison maddie maddy
natalie natalia nat natasha tasha natalya
natasha tasha tash natalia
sophie sophia sofia soph sofie zofia
chloe chloé kloe khloe
zoe zoey zoë zoi
lucy lucie lu lucia luci
grace gracie
evelyn evie eva eve evelina evelyne
eva ava eve evie
hollie holly
hayley haylie hailey haley
kayleigh kayley kaylee kaylie caley kayla
leah lea lia leia leigh
megan meghan meg megs
bethany beth
rachel rachael raquel rach
laura lauren lori laurie
lauren loren lauryn
nicole nikki nicola
jade jada
jordan jordon jordyn jorden
tyler tylor ty
connor conor conner konnor con
callum calum kallum cal
cameron cam camron kameron
kieran kieron ciaran keiran kyran
declan deklan dec
liam lyam
ryan rian ryann
reece rhys reese rees
owen owain
evan ewan euan ewen
dylan dillon dilan
lewis louis
ethan ethen
mason mayson
logan logen
noah noa
kai kye ky
leighton layton
riley rylee reilly
alfie alfy
theo theodore teddy ted theodor
sebastian seb sebastien sebastiano bastian
maximilian max maxim maksymilian maks maximillian
max maxwell maximus
oscar oskar ossie
toby tobias tobi
finley finlay finn fin
freddie freddy fred
reuben ruben rueben
elliot elliott eliot
isaac isaak izaak ishaq izzy
adam adem adham
aaron aron arran haroun harun
bradley brad
jordan jordy
kyle kile
dominic dom dominik domenico
patrick patryk
kacper casper kasper jasper
szymon simon shimon szymek
jakub kuba jacob
wojciech wojtek
grzegorz greg gregory grigori
gregory greg gregor
krzysztof chris
aleksandra ola olek
katarzyna kasia kate
malgorzata gosia margaret
agnieszka agnes aga
joanna asia joan jo joasia
magdalena magda madeleine
weronika veronica veronika
veronica ronnie nika
dominika domi
zuzanna zuza susanna susan zuzia
susan sue susie suzy susanne suzanne susannah suzanna
justyna justina
oliwia olivia
natalia natalie natalka
julia julie jules juliet julija iulia
julian jules julien julius
ioana joanna
andrei andrew andrey
alexandru alex alexander
mihai michael
ionut john
gheorghe george
vasile basil vasyl
dmitri dmitry dimitri dima
sergei sergey serhiy serge sergio
vladimir vlad volodymyr
oleksandr alexander sasha
mykola nikolai mykolas
yuri yury iurie
olga olha
tatiana tatyana tanya tania
anastasia nastya stacey stacy ana
svetlana sveta lana
irina iryna ira
ivana ivanna
milan milano
luka luca
marko marco mark
petar peter
nikola nicholas
goran gorin
ana anna
stefan stephen
adebayo bayo
oluwaseun seun
oluwatobi tobi
oluwadamilare dami
olumide mide
adewale wale
temitope tope temi
oluwafemi femi
olufunmilayo funmi
oluwatoyin toyin
babatunde tunde
oladipo dipo
chukwuemeka emeka
chinedu nedu
chidi chidiebere
ngozi ngozika
nkechi nkechinyere
chiamaka amaka
obinna obi
ifeoma ife
kwame kwamena
kofi kofe
kwabena kobby
akosua akosuwa
abena abenaa
yaw yao
ama amma
tendai tenday
tatenda tate
tinashe tina
blessing bless
precious presh
chipo chipos
mohamed mahamed maxamed
abdirahman abdi abdirahim abdurahman
abdikarim abdi
ayaan ayan ayaan
hodan hodaan
hamdi hamdy
fartun fartuun
ifrah ifra
nasra nasro
ahmed axmed
tyrone ty tyronne
tyrese tyreese tyreece tyrece tyreke
marcus markus
jermaine jermain germaine
dwayne duane dwaine
shanice shaniece shaneice
shanelle chanel chanelle shanel
aaliyah aliyah
deshawn deshaun
darnell darnel
devon devonte devante
jamal jamaal
jamar jamarr
kemar kamar
leroy lee roy
deandre dandre
tia tiah tiana tianna
kiera keira kyra kira ciara kierra
niamh neve neave nieve
siobhan shevaun chevonne shivaun
saoirse seersha
sinead shinead
roisin rosheen rosin
grainne grania
padraig patrick
sean shaun shawn shane
seamus james
eoin owen eoghan
cian kian keane
ciara keira
aisling ashling
orla orlagh
dermot diarmuid
rhiannon rianne rhian
sian shan
cerys ceris ceri
dafydd david dai
ieuan evan
gethin geth
carys caris
bethan beth
gwen gwendolyn gwyneth
ffion fion
angus gus
hamish james
mhairi mairi mary
kirsty kirstie kirsten kristen christine
lachlan lachie lockie
ruaridh ruari rory
alasdair alastair alistair ali
rory ruairi
fiona fi
ewan euan
christopher kit
nathaniel nathan
jeremy jerry jez
gerald gerry jerry
gerard gerry gerrard ged
geoffrey geoff jeff jeffrey jeffery
kenneth ken kenny
ronald ron ronnie
donald don donnie
douglas doug dougie
duncan dunc
dennis denis den
derek del
raymond ray
terence terry terrence
vincent vince vinnie vinny
wesley wes
zachary zac zak zack zach
ezekiel zeke
elijah eli elias ilyas ilias
eli elliot elias
isaiah isiah
jeremiah jerry
josiah josias
micah mica
levi levy
jude judah
ruby rubie
poppy pop
daisy daisie
rosie rose rosa rosalie roseanne rosanna
scarlett scarlet
phoebe phebe
summer sumer
willow wilo
harper harpa
matilda tilly tillie mattie maud
harriet hattie hatty hetty
florence flo florrie flossie floss
imogen immy
amber ambar
lily lilly lillie lili
freya freja
esme esmee
ivy ivie
maisie maisy
darcy darcey darci
elsie elsa
paige page
courtney cortney
brooke brook
jasmine jazmine jas
shannon shanon
danielle danniella
carly carlie carley
stacey stacy staci
tracy tracey
kelly kelli kellie
kerry kerri kerrie
donna dona
joanne jo joanna joann
leanne lee leann lianne
samira sameera
shabnam shabnum
nasreen nasrin
parveen perveen
shazia shazea
farah fara
hina heena
rukhsana ruksana
sabrina sabreena
sana sanaa
tahira tahirah
uzma usma
zahra zara zehra
iqra ikra
mehreen mehrin
sumaya sumaiya sumayyah somaya
ruqayyah ruqaya ruqiya
haleema halima halimah
saima saimah
shamima shamim
nadia nadiya nadja
naila nayla
kamran camran
shahid shaheed
sajid sajjad
javed javid
asif aasif
arif aarif
faisal faysal feisal
nabil nabeel
jamil jameel
adil adeel
aqib akib
rehan rayhan raihan
ayaan ayan
rayyan rayan ryan
haris harris
hamid hameed
rashid rasheed
saeed said sayed syed
shakeel shakil
wasim waseem
nadeem nadim
naveed navid
zubair zubayr
junaid junayd
shoaib shuaib
sohail suhail
fahad fahd
tahir taher
isabella isabelle isabel belle
penelope penny pen
hugh huw hughie
caoimhe keeva
ruairi ruari ruaridh ruairidh rory roderick
przemyslaw przemek
pawel paul
bartlomiej bartek bart bartholomew
bartosz bartek
anna ania anka anne annie ana
barbara basia babs
zofia zosia
jozef jozek joseph
stanislaw stas staszek stan
ion ionut ionel
constantin costel costin costi
nicolae nicu
andreea andrea
suleiman sulaiman sulayman suleyman
dawud dawood daoud
yunus younis younes yunis
oluwatosin tosin
ayomide ayo
oluwakemi kemi
folasade sade
abimbola bimbo
tinotenda tino
mackenzie mckenzie kenzie
kimberley kimberly kim
oluwaseyi seyi
olusegun segun
ikechukwu ike
chukwudi chudi
oluwadamilola damilola dami
oluwabukola bukola bukky
jacqueline jackie jacqui
deborah debora debbie deb
caroline carolyn carol carrie
christine chrissy
valentina tina
dorothy dot dotty dottie
alison allison alyson
hayden haydn
evie evee
philip phillip filip phil pip
kamil camil
`;

const nicknameGroups: readonly (readonly string[])[] = table
  .trim()
  .split('\n')
  .map((line) => [...new Set(line.trim().split(/\s+/))])
  .filter((g) => g.length > 1);

const groupsOf = new Map<string, number[]>();
nicknameGroups.forEach((g, i) => {
  for (const n of g) {
    const list = groupsOf.get(n);
    if (list) list.push(i);
    else groupsOf.set(n, [i]);
  }
});

// DOMAIN §4 / issue 14 (transliterated names): a spelling key that reads alike the ways one name is written in Latin letters: ph = f, x = ks, ck and q = k, c before a hard vowel = k, w = v, ou and oo = u, ee = i, y after the first letter = i, th = t, dh = d, kh = k, a final h after a vowel dropped, doubled letters single (Aleksandra / Alexandra, Sofia / Sophia, Fatimah / Fatima, Wiktoria / Viktoria, Mya / Mia)
export function spellingKey(name: string): string {
  return name
    .replace(/ph/g, 'f')
    .replace(/x/g, 'ks')
    .replace(/ck|q/g, 'k')
    .replace(/c(?=[aou])/g, 'k')
    .replace(/w/g, 'v')
    .replace(/ou|oo/g, 'u')
    .replace(/ee/g, 'i')
    .replace(/(?<=.)y/g, 'i')
    .replace(/th/g, 't')
    .replace(/dh/g, 'd')
    .replace(/kh/g, 'k')
    .replace(/(?<=[aeiou])h$/, '')
    .replace(/(.)\1+/g, '$1');
}

/** the table's groups by spelling key, for names the table does not list; a key two unrelated listed names share (no group in common) is left out */
const groupsBySpelling = new Map<string, number[] | null>();
for (const [name, groups] of groupsOf) {
  const k = spellingKey(name);
  if (!groupsBySpelling.has(k)) groupsBySpelling.set(k, groups);
  else {
    const had = groupsBySpelling.get(k);
    if (had && had.some((g) => groups.includes(g))) groupsBySpelling.set(k, [...new Set([...had, ...groups])]);
    else groupsBySpelling.set(k, null);
  }
}

// Issue 14 (nicknames and spelling variants, transliterated names): the groups a given name belongs to; a name the table does not list takes the groups of the listed names it shares a spelling key with (Aleksandra → Alexandra's, Ellah → Ella's), unless two unrelated listed names share that key; none otherwise
export function nicknameGroupsOf(name: string): readonly number[] {
  return groupsOf.get(name) ?? groupsBySpelling.get(spellingKey(name)) ?? [];
}

/** listed names whose spelling key another, unrelated listed name shares (for the tests: how often the key is ambiguous) */
export const ambiguousSpellingKeys = () => [...groupsBySpelling].filter(([, g]) => g === null).map(([k]) => k);

/** a given name the table lists as written (not through its spelling key) */
export const isListedName = (name: string): boolean => groupsOf.has(name);
