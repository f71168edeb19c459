package io.kairos.domain.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KaplanMeierEstimateTest {

    private static final double TOLERANCE = 1e-11;

    /**
     * R 4.2.2, survival 3.5.3: s <- summary(survfit(Surv(time, status) ~ 1, data = aml))
     * cat(sprintf('%g %d %d %.12f %.12f %.12f %.12f', s$time, s$n.risk, s$n.event, s$surv, s$std.err, s$lower,
     * s$upper), sep = '\n')
     */
    private static final String AML_SUMMARY = """
            5 23 2 0.913043478261 0.058753384756 0.804854797783 1.000000000000
            8 21 2 0.826086956522 0.079034196448 0.684839468072 0.996466605023
            9 19 1 0.782608695652 0.086006148704 0.630957910600 0.970708759208
            12 18 1 0.739130434783 0.091560537152 0.579799217968 0.942246527232
            13 17 1 0.695652173913 0.095943875542 0.530878341628 0.911568450100
            18 14 1 0.645962732919 0.101142675175 0.475257724706 0.877982262317
            23 13 2 0.546583850932 0.107250641740 0.372078087249 0.802933352802
            27 11 1 0.496894409938 0.108401780789 0.324016545690 0.762010637765
            30 9 1 0.441683919945 0.109518069978 0.271675995392 0.718078477475
            31 8 1 0.386473429952 0.108858801495 0.222515297747 0.671242442974
            33 7 1 0.331262939959 0.106390972888 0.176520182581 0.621657726531
            34 6 1 0.276052449965 0.101983376090 0.133822195629 0.569449296312
            43 5 1 0.220841959972 0.095367438486 0.094733240563 0.514826379784
            45 4 1 0.165631469979 0.086035208409 0.059840717810 0.458446770886
            48 2 1 0.082815734990 0.072661800504 0.014834608255 0.462327406565
            """;

    /** R 4.2.2, survival 3.5.3: the same command with data = lung (status 1 = censored, 2 = dead). */
    private static final String LUNG_SUMMARY = """
            5 228 1 0.995614035088 0.004376335999 0.987073416741 1.000000000000
            11 227 3 0.982456140351 0.008694642593 0.965561897075 0.999645978820
            12 224 1 0.978070175439 0.009699183217 0.959243676910 0.997266170327
            13 223 2 0.969298245614 0.011424649533 0.947163003131 0.991950789721
            15 221 1 0.964912280702 0.012185800489 0.941321714601 0.989094052551
            26 220 1 0.960526315789 0.012895584799 0.935581072627 0.986136669838
            30 219 1 0.956140350877 0.013562069833 0.929925266889 0.983094451916
            31 218 1 0.951754385965 0.014191357446 0.924342339170 0.979979357017
            53 217 2 0.942982456140 0.015356372406 0.913359779594 0.973565874538
            54 215 1 0.938596491228 0.015898956973 0.907946709443 0.970280925283
            59 214 1 0.934210526316 0.016418488033 0.902578799006 0.966950817414
            60 213 2 0.925438596491 0.017396561545 0.891962442831 0.960171140342
            61 211 1 0.921052631579 0.017858444540 0.886707450694 0.956728117571
            62 210 1 0.916666666667 0.018304070213 0.881484299908 0.953253254614
            65 209 2 0.907894736842 0.019151048212 0.871124706620 0.946216823976
            71 207 1 0.903508771930 0.019554318294 0.865984505987 0.942659014463
            79 206 1 0.899122807018 0.019945208381 0.860868548484 0.939076963054
            81 205 2 0.890350877193 0.020692632882 0.850703906610 0.931845590879
            88 203 2 0.881578947368 0.021398219606 0.840621182857 0.924532305744
            92 201 1 0.877192982456 0.021736606482 0.835608026665 0.920847459474
            93 199 1 0.872784977519 0.022069805523 0.830583366727 0.917130835385
            95 198 2 0.863968967645 0.022710230434 0.820584892081 0.909646746190
            105 196 1 0.859560962708 0.023018178956 0.815609661197 0.905880697302
            107 194 2 0.850699509484 0.023618347015 0.805645335902 0.898273251501
            110 192 1 0.846268782873 0.023907317890 0.800684923906 0.894447780247
            116 191 1 0.841838056261 0.024189236295 0.795738314076 0.890608508391
            118 190 1 0.837407329649 0.024464346044 0.790805028590 0.886755913781
            122 189 1 0.832976603037 0.024732874338 0.785884622162 0.882890441727
            131 188 1 0.828545876425 0.024995033299 0.780976679065 0.879012507983
            132 187 2 0.819684423201 0.025501024206 0.771196652191 0.871220786202
            135 185 1 0.815253696589 0.025745216350 0.766323862435 0.867307704200
            142 184 1 0.810822969977 0.025983761566 0.761462120110 0.863383576517
            144 183 1 0.806392243365 0.026216813999 0.756611123078 0.859448705320
            145 182 2 0.797530790142 0.026667013167 0.746940242391 0.851547855003
            147 180 1 0.793100063530 0.026884426256 0.742119836614 0.847582398067
            153 179 1 0.788669336918 0.027096880446 0.737309129579 0.843607244290
            156 178 2 0.779807883694 0.027507369052 0.727715915947 0.835628742131
            163 176 3 0.766515703858 0.028088614550 0.713393534052 0.823593565425
            166 173 2 0.757654250635 0.028454215833 0.703888089638 0.815527314577
            167 171 1 0.753223524023 0.028630702413 0.699147711093 0.811481848742
            170 170 1 0.748792797411 0.028803083405 0.694415358104 0.807428359570
            175 167 1 0.744309008205 0.028977505080 0.689626942638 0.803326937279
            176 165 1 0.739798044519 0.029150883004 0.684813905764 0.799196894319
            177 164 1 0.735287080833 0.029320081733 0.680009036760 0.795058686007
            179 162 2 0.726209462551 0.029652399306 0.670356553520 0.786715936062
            180 160 1 0.721670653410 0.029812419469 0.665542307131 0.782532569925
            181 159 2 0.712593035128 0.030120508671 0.655937164822 0.774142495571
            182 157 1 0.708054225987 0.030268699356 0.651146030145 0.769936026219
            183 156 1 0.703515416846 0.030413063994 0.646362369486 0.765722085792
            186 154 1 0.698947134918 0.030556746434 0.641551147468 0.761478019856
            189 152 1 0.694348798504 0.030699756248 0.636711781305 0.757203287485
            194 149 1 0.689688739454 0.030845375965 0.631806838627 0.752873391437
            197 147 1 0.684996979322 0.030990311252 0.626872179556 0.748511222834
            199 145 1 0.680272862223 0.031134571658 0.621907150262 0.744116170528
            201 144 2 0.670824628025 0.031410770029 0.612001150989 0.735302018367
            202 142 1 0.666100510927 0.031542815892 0.607059968982 0.730883130708
            207 139 1 0.661308420920 0.031677812913 0.602046494831 0.726403743456
            208 138 1 0.656516330913 0.031808662340 0.597041116153 0.721916265220
            210 137 1 0.651724240907 0.031935415155 0.592043732697 0.717420796350
            212 135 1 0.646896653937 0.032061666626 0.587012601002 0.712889774701
            218 134 1 0.642069066967 0.032183797857 0.581989509110 0.708350718188
            222 132 1 0.637204907369 0.032305467111 0.576931552453 0.703775157120
            223 130 1 0.632303331159 0.032426679574 0.571837906009 0.699162294757
            226 126 1 0.627285050753 0.032555318173 0.566615734719 0.694450419900
            229 125 1 0.622266770347 0.032679361452 0.561402526538 0.689729588260
            230 124 1 0.617248489941 0.032798861549 0.556198178777 0.684999902682
            239 121 2 0.607046035561 0.033040604157 0.545622166127 0.675384748216
            245 117 1 0.601857607907 0.033163078071 0.540245957519 0.670495679151
            246 116 1 0.596669180253 0.033280584456 0.534879432242 0.665596934941
            267 112 1 0.591341776857 0.033407108504 0.529359855871 0.660581064429
            268 111 1 0.586014373462 0.033528231116 0.523850805820 0.655554677189
            269 110 1 0.580686970067 0.033644010630 0.518352166927 0.650517888649
            270 108 1 0.575310238863 0.033759392532 0.512806261027 0.645432585549
            283 104 1 0.569778409643 0.033884976115 0.507089541283 0.640217179937
            284 103 1 0.564246580423 0.034004542165 0.501384541530 0.634990066802
            285 101 2 0.553073380811 0.034236706001 0.489881600767 0.624416520405
            286 99 1 0.547486781005 0.034343654984 0.484147910082 0.619111988575
            288 98 1 0.541900181199 0.034444592041 0.478425920472 0.613795770290
            291 97 1 0.536313581392 0.034539569877 0.472715527269 0.608467970680
            293 94 1 0.530608117761 0.034640154760 0.466878799658 0.603036537191
            301 91 1 0.524777259324 0.034746772592 0.460908685865 0.597496164313
            303 89 1 0.518880885623 0.034853063168 0.454875700192 0.591892188023
            305 87 1 0.512916737513 0.034959029372 0.448777687778 0.586222503448
            306 86 1 0.506952589402 0.035057591305 0.442694068955 0.580538448388
            310 85 2 0.495024293181 0.035232746247 0.430569524730 0.569127717511
            320 82 1 0.488987411557 0.035316480319 0.424444346820 0.563345207569
            329 81 1 0.482950529933 0.035392675912 0.418333809281 0.557548085255
            337 79 1 0.476837232085 0.035468706189 0.412149726081 0.551677537348
            340 78 1 0.470723934238 0.035536910608 0.405980833282 0.545791830795
            345 77 1 0.464610636391 0.035597334153 0.399827039358 0.539891058379
            348 76 1 0.458497338544 0.035650016386 0.393688263244 0.533975302488
            350 75 1 0.452384040696 0.035694991585 0.387564434070 0.528044635385
            351 74 1 0.446270742849 0.035732288851 0.381455490929 0.522099119449
            353 73 2 0.434044147155 0.035783940674 0.369282067785 0.510163742337
            361 70 1 0.427843516481 0.035805933316 0.363118583894 0.504105498077
            363 69 2 0.415442255134 0.035825775379 0.350838359388 0.491942408041
            364 67 1 0.409241624460 0.035823638172 0.344721581796 0.485837603547
            371 65 2 0.396649574477 0.035810810953 0.332320976033 0.473430497257
            387 60 1 0.390038748235 0.035818960172 0.325790339369 0.466957446988
            390 59 1 0.383427921994 0.035816718433 0.319279775721 0.460464403148
            394 58 1 0.376817095753 0.035804083785 0.312789279324 0.453951375694
            426 55 1 0.369965875830 0.035802601092 0.306047324127 0.447233935696
            428 54 1 0.363114655907 0.035789114998 0.299328521837 0.440493450225
            429 53 1 0.356263435985 0.035763611924 0.292632885589 0.433729912358
            433 52 1 0.349412216062 0.035726066134 0.285960451454 0.426943292726
            442 51 1 0.342560996139 0.035676439607 0.279311278620 0.420133539382
            444 50 1 0.335709776216 0.035614681843 0.272685449690 0.413300577552
            450 48 1 0.328715822545 0.035552808210 0.265923970180 0.406334532078
            455 47 1 0.321721868874 0.035477622325 0.259188072511 0.399343071264
            457 46 1 0.314727915203 0.035389039339 0.252477900894 0.392326062031
            460 44 1 0.307575008039 0.035300222500 0.245617376900 0.385161615046
            473 43 1 0.300422100875 0.035196526206 0.238785380005 0.377968863472
            477 42 1 0.293269193712 0.035077818499 0.231982138262 0.370747595588
            519 39 1 0.285749470796 0.034975112361 0.224802026178 0.363220747821
            520 38 1 0.278229747880 0.034853719530 0.217657639551 0.355658513825
            524 37 2 0.263190302049 0.034554055692 0.203477444996 0.340426601552
            533 34 1 0.255449410812 0.034393899817 0.196199769408 0.332591631893
            550 32 1 0.247466616724 0.034232957562 0.188697790110 0.324538651763
            558 30 1 0.239217729500 0.034071206802 0.180950076951 0.316248122529
            567 28 1 0.230674239161 0.033908620594 0.172931571287 0.307697456377
            574 27 1 0.222130748822 0.033711862213 0.164977741428 0.299083192344
            583 26 1 0.213587258482 0.033480329192 0.157089588303 0.290404459511
            613 24 1 0.204687789379 0.033247075008 0.148878771668 0.281417495937
            624 23 1 0.195788320275 0.032971133299 0.140748180018 0.272352128116
            641 22 1 0.186888851172 0.032651421809 0.132699611413 0.263206819677
            643 21 1 0.177989382069 0.032286640301 0.124735239563 0.253979711268
            654 20 1 0.169089912965 0.031875241464 0.116857659668 0.244668588672
            655 19 1 0.160190443862 0.031415393926 0.109069946549 0.235270843312
            687 18 1 0.151290974758 0.030904935097 0.101375728389 0.225783423774
            689 17 1 0.142391505655 0.030341310648 0.093779280721 0.216202776635
            705 16 1 0.133492036551 0.029721496110 0.086285647105 0.206524774636
            707 15 1 0.124592567448 0.029041894065 0.078900795690 0.196744630108
            728 14 1 0.115693098345 0.028298197318 0.071631824962 0.186856791820
            731 13 1 0.106793629241 0.027485203522 0.064487238406 0.176854824744
            735 12 1 0.097894160138 0.026596558697 0.057477318057 0.166731276145
            765 10 1 0.088104744124 0.025675371784 0.049767202593 0.155975130863
            791 9 1 0.078315328110 0.024618153942 0.042293584589 0.145017043993
            814 7 1 0.067127424094 0.023506417869 0.033793219330 0.133343053872
            883 4 1 0.050345568071 0.022848048916 0.020685460199 0.122534195517
            """;

    @Test
    void givenAmlData_whenFitted_thenEveryRowMatchesRSummaryOfSurvfit() {
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(SurvivalDataSets.aml());

        assertThat(estimate.subjects()).isEqualTo(23);
        assertThat(estimate.events()).isEqualTo(18);
        assertMatchesSummary(estimate.steps(), AML_SUMMARY);
    }

    @Test
    void givenLungData_whenFitted_thenEveryRowMatchesRSummaryOfSurvfit() {
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(SurvivalDataSets.lung());

        assertThat(estimate.subjects()).isEqualTo(228);
        assertThat(estimate.events()).isEqualTo(165);
        assertMatchesSummary(estimate.steps(), LUNG_SUMMARY);
    }

    @Test
    void givenAmlData_whenMedianTaken_thenMatchesPrintSurvfit() {
        // R: print(survfit(Surv(time, status) ~ 1, data = aml)) -> median 27, 0.95LCL 18, 0.95UCL 45
        MedianSurvivalTime median =
                KaplanMeierEstimate.fit(SurvivalDataSets.aml()).median();

        assertThat(median)
                .isEqualTo(new MedianSurvivalTime(OptionalDouble.of(27), OptionalDouble.of(18), OptionalDouble.of(45)));
    }

    @Test
    void givenLungData_whenMedianTaken_thenMatchesPrintSurvfit() {
        // R: print(survfit(Surv(time, status) ~ 1, data = lung)) -> median 310, 0.95LCL 285, 0.95UCL 363
        MedianSurvivalTime median =
                KaplanMeierEstimate.fit(SurvivalDataSets.lung()).median();

        assertThat(median)
                .isEqualTo(
                        new MedianSurvivalTime(OptionalDouble.of(310), OptionalDouble.of(285), OptionalDouble.of(363)));
    }

    @Test
    void givenAmlData_whenRestrictedMeanTaken_thenMatchesPrintWithRmean() {
        // R: m <- survival:::survmean(fit, rmean = tau)$matrix (the numbers print(fit, rmean = tau) shows);
        //    sprintf('%.12f', m[c('rmean', 'se(rmean)')])
        //   tau = 40  -> 25.239475500345 2.698402541062
        //   tau = 10  -> 9.347826086957 0.305022207207
        //   tau = 161 -> 36.364389233954 9.854101056665 (tau on the last, censored, time)
        //   tau = 200 -> 39.594202898551 12.584498346360 (curve extended flat beyond the last time)
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(SurvivalDataSets.aml());

        assertRestrictedMean(estimate.restrictedMean(40), 25.239475500345, 2.698402541062);
        assertRestrictedMean(estimate.restrictedMean(10), 9.347826086957, 0.305022207207);
        assertRestrictedMean(estimate.restrictedMean(161), 36.364389233954, 9.854101056665);
        assertRestrictedMean(estimate.restrictedMean(200), 39.594202898551, 12.584498346360);
    }

    @Test
    void givenLungData_whenRestrictedMeanTaken_thenMatchesPrintWithRmean() {
        // R: survmean(survfit(Surv(time, status) ~ 1, data = lung), rmean = tau)
        //   tau = 365  -> 263.221866482007 7.798859086314
        //   tau = 1000 -> 375.167143650292 19.438859373286
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(SurvivalDataSets.lung());

        assertRestrictedMean(estimate.restrictedMean(365), 263.221866482007, 7.798859086314);
        assertRestrictedMean(estimate.restrictedMean(1000), 375.167143650292, 19.438859373286);
    }

    @Test
    void givenEventsAndCensoringsTiedAtTheSameTime_whenFitted_thenCensoredUsersCountAsAtRisk() {
        // R: t1 <- c(1, 2, 2, 2, 3, 3, 5, 6, 6, 8); s1 <- c(1, 1, 0, 1, 0, 1, 1, 0, 1, 0)
        //    summary(survfit(Surv(t1, s1) ~ 1)) ->
        //    time n.risk n.event surv           std.err        lower          upper
        //    1    10     1       0.900000000000 0.094868329805 0.732011642744 1
        //    2     9     2       0.700000000000 0.144913767462 0.466533226139 1
        //    3     6     1       0.583333333333 0.161015297180 0.339596219084 1
        //    5     4     1       0.437500000000 0.174739389282 0.199988252344 0.957087467670
        //    6     3     1       0.291666666667 0.166579838494 0.095222442309 0.893375998156
        //    print -> median 5, 0.95LCL 2, 0.95UCL NA
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(tiedSample());

        assertMatchesSummary(estimate.steps(), """
                1 10 1 0.900000000000 0.094868329805 0.732011642744 1.000000000000
                2 9 2 0.700000000000 0.144913767462 0.466533226139 1.000000000000
                3 6 1 0.583333333333 0.161015297180 0.339596219084 1.000000000000
                5 4 1 0.437500000000 0.174739389282 0.199988252344 0.957087467670
                6 3 1 0.291666666667 0.166579838494 0.095222442309 0.893375998156
                """);
        assertThat(estimate.median())
                .isEqualTo(new MedianSurvivalTime(OptionalDouble.of(5), OptionalDouble.of(2), OptionalDouble.empty()));
    }

    @Test
    void givenTiedSample_whenRestrictedMeanTaken_thenMatchesR() {
        // R: survmean(survfit(Surv(t1, s1) ~ 1), rmean = tau) -> tau = 4: 3.183333333333 0.341456574973;
        //    tau = 7: 4.495833333333 0.726632302003; tau = 10: 5.370833333333 1.136625757858
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(tiedSample());

        assertRestrictedMean(estimate.restrictedMean(4), 3.183333333333, 0.341456574973);
        assertRestrictedMean(estimate.restrictedMean(7), 4.495833333333, 0.726632302003);
        assertRestrictedMean(estimate.restrictedMean(10), 5.370833333333, 1.136625757858);
    }

    @Test
    void givenCurveFlatAtOneHalf_whenMedianTaken_thenMidpointToTheNextDropAsR() {
        // R: f <- survfit(Surv(c(1, 2, 3, 4), c(1, 1, 1, 1)) ~ 1); print(f) -> median 2.5, 0.95LCL 1, 0.95UCL NA
        //    summary(f) at time 4: survival 0, std.err NaN, lower NA, upper NA
        //    survmean(f, rmean = 4) -> rmean 2.5, se 0.559016994375
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(List.of(
                SurvivalObservation.converted(1),
                SurvivalObservation.converted(2),
                SurvivalObservation.converted(3),
                SurvivalObservation.converted(4)));

        assertThat(estimate.median())
                .isEqualTo(
                        new MedianSurvivalTime(OptionalDouble.of(2.5), OptionalDouble.of(1), OptionalDouble.empty()));
        SurvivalStep last = estimate.steps().get(3);
        assertThat(last.survival()).isZero();
        assertThat(last.standardError()).isEmpty();
        assertThat(last.interval()).isEmpty();
        assertRestrictedMean(estimate.restrictedMean(4), 2.5, 0.559016994375);
    }

    @Test
    void givenCurveStoppingAtOneHalf_whenMedianTaken_thenFirstTimeAtOneHalfAsPrintSurvfit() {
        // R: print(survfit(Surv(c(1, 2, 3, 4), c(1, 1, 0, 0)) ~ 1)) -> median 2, 0.95LCL 1, 0.95UCL NA
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(List.of(
                SurvivalObservation.converted(1),
                SurvivalObservation.converted(2),
                SurvivalObservation.censored(3),
                SurvivalObservation.censored(4)));

        assertThat(estimate.median())
                .isEqualTo(new MedianSurvivalTime(OptionalDouble.of(2), OptionalDouble.of(1), OptionalDouble.empty()));
    }

    @Test
    void givenAllUsersCensored_whenFitted_thenNoStepAndNoMedian() {
        // R: f <- survfit(Surv(c(2, 3, 5), c(0, 0, 0)) ~ 1); summary(f) -> 0 rows; print(f) -> median NA (NA, NA)
        //    survmean(f, rmean = 4) -> rmean 4, se 0
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(List.of(
                SurvivalObservation.censored(2), SurvivalObservation.censored(3), SurvivalObservation.censored(5)));

        assertThat(estimate.steps()).isEmpty();
        assertThat(estimate.events()).isZero();
        assertThat(estimate.survivalAt(10)).isEqualTo(1.0);
        assertThat(estimate.median())
                .isEqualTo(
                        new MedianSurvivalTime(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty()));
        assertRestrictedMean(estimate.restrictedMean(4), 4, 0);
    }

    @Test
    void givenSingleConvertedUser_whenFitted_thenCurveDropsToZeroWithoutInterval() {
        // R: f <- survfit(Surv(4, 1) ~ 1); summary(f) -> time 4, n.risk 1, n.event 1, surv 0, std.err NaN, NA, NA
        //    print(f) -> median 4, 0.95LCL NA, 0.95UCL NA; survmean(f, rmean = 6) -> rmean 4, se 0
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(List.of(SurvivalObservation.converted(4)));

        assertThat(estimate.steps()).hasSize(1);
        SurvivalStep step = estimate.steps().get(0);
        assertThat(step.atRisk()).isEqualTo(1);
        assertThat(step.events()).isEqualTo(1);
        assertThat(step.survival()).isZero();
        assertThat(step.standardError()).isEmpty();
        assertThat(estimate.median())
                .isEqualTo(
                        new MedianSurvivalTime(OptionalDouble.of(4), OptionalDouble.empty(), OptionalDouble.empty()));
        assertRestrictedMean(estimate.restrictedMean(6), 4, 0);
    }

    @Test
    void givenSingleCensoredUser_whenFitted_thenCurveStaysAtOne() {
        // R: f <- survfit(Surv(4, 0) ~ 1); summary(f) -> 0 rows; print(f) -> median NA; survmean(f, rmean = 6) -> 6, 0
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(List.of(SurvivalObservation.censored(4)));

        assertThat(estimate.subjects()).isEqualTo(1);
        assertThat(estimate.steps()).isEmpty();
        assertThat(estimate.median().estimate()).isEmpty();
        assertRestrictedMean(estimate.restrictedMean(6), 6, 0);
    }

    @Test
    void givenAmlCurve_whenSurvivalAskedBetweenEventTimes_thenCurveIsRightContinuous() {
        // R: summary(survfit(Surv(time, status) ~ 1, data = aml), times = c(4, 5, 7, 8, 200), extend = TRUE)$surv
        //    -> 1 0.913043478261 0.913043478261 0.826086956522 0.082815734990
        KaplanMeierEstimate estimate = KaplanMeierEstimate.fit(SurvivalDataSets.aml());

        assertThat(estimate.survivalAt(4)).isEqualTo(1.0);
        assertThat(estimate.survivalAt(5)).isCloseTo(0.913043478261, within(TOLERANCE));
        assertThat(estimate.survivalAt(7)).isCloseTo(0.913043478261, within(TOLERANCE));
        assertThat(estimate.survivalAt(8)).isCloseTo(0.826086956522, within(TOLERANCE));
        assertThat(estimate.survivalAt(200)).isCloseTo(0.082815734990, within(TOLERANCE));
    }

    @Test
    void givenRestrictedMean_whenIntervalAsked_thenNormalApproximation() {
        // R: 25.239475500345 + c(-1, 1) * qnorm(0.975) * 2.698402541062 -> 19.950703704072 30.528247296618
        ConfidenceInterval interval = KaplanMeierEstimate.fit(SurvivalDataSets.aml())
                .restrictedMean(40)
                .interval();

        assertThat(interval.lower()).isCloseTo(19.950703704072, within(1e-9));
        assertThat(interval.upper()).isCloseTo(30.528247296618, within(1e-9));
    }

    @Test
    void givenNoObservationOrInvalidInput_whenFitted_thenRejected() {
        assertThatThrownBy(() -> KaplanMeierEstimate.fit(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SurvivalObservation.converted(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KaplanMeierEstimate.fit(SurvivalDataSets.aml()).restrictedMean(-1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<SurvivalObservation> tiedSample() {
        double[] time = {1, 2, 2, 2, 3, 3, 5, 6, 6, 8};
        int[] status = {1, 1, 0, 1, 0, 1, 1, 0, 1, 0};
        return IntStream.range(0, time.length)
                .mapToObj(i -> new SurvivalObservation(time[i], status[i] == 1))
                .toList();
    }

    private static void assertRestrictedMean(RestrictedMeanSurvivalTime actual, double estimate, double standardError) {
        assertThat(actual.estimate()).isCloseTo(estimate, within(1e-9));
        assertThat(actual.standardError()).isCloseTo(standardError, within(1e-9));
    }

    private static void assertMatchesSummary(List<SurvivalStep> steps, String summary) {
        List<String> rows = summary.lines().filter(line -> !line.isBlank()).toList();
        assertThat(steps).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            String[] r = rows.get(i).trim().split("\\s+");
            SurvivalStep step = steps.get(i);
            String row = "row " + (i + 1) + " (time " + r[0] + ")";
            assertThat(step.time()).as(row).isEqualTo(Double.parseDouble(r[0]));
            assertThat(step.atRisk()).as(row).isEqualTo(Integer.parseInt(r[1]));
            assertThat(step.events()).as(row).isEqualTo(Integer.parseInt(r[2]));
            assertThat(step.survival()).as(row).isCloseTo(Double.parseDouble(r[3]), within(TOLERANCE));
            assertThat(step.standardError().orElseThrow())
                    .as(row)
                    .isCloseTo(Double.parseDouble(r[4]), within(TOLERANCE));
            assertThat(step.interval().orElseThrow().lower())
                    .as(row)
                    .isCloseTo(Double.parseDouble(r[5]), within(TOLERANCE));
            assertThat(step.interval().orElseThrow().upper())
                    .as(row)
                    .isCloseTo(Double.parseDouble(r[6]), within(TOLERANCE));
        }
    }
}
